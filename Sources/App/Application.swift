import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
import Storage

/// Registrar as one object: the database, the services, the routes and the HTTP server, wired.
///
/// The executable and the tests make it the same way: `init` opens the database and applies the
/// migrations, `start` listens, `shutdown` stops accepting, lets requests in flight finish, then
/// closes the database.
public final class Application: Sendable {
    private let storage: Storage
    private let server: HTTPServer
    private let histories: HistoryService
    private let host: String
    private let nodes: ReplicaNodes?

    public convenience init(configuration: AppConfiguration) throws {
        try self.init(configuration: configuration, makeReplication: nil)
    }

    /// `makeReplication` decides how arrays are emulated (tests slow it down or make it fail);
    /// `syncLog` stands in for the disk's sync of the log (tests fail it).
    init(
        configuration: AppConfiguration, makeReplication: ArrayService.ReplicationFactory?,
        historyBudgets: HistoryService.Budgets = HistoryService.Budgets(),
        syncLog: (@Sendable (_ descriptor: Int32) -> Int32)? = nil
    ) throws {
        host = configuration.host
        let folder = try ResourceLocator.locate("Migrations", explicit: configuration.migrationsDirectory, flag: "--migrations")
        let migrations = try Migrations.load(directory: folder)
        storage = try Storage(
            path: configuration.databasePath, migrations: migrations, synchronous: configuration.synchronous,
            answering: AnswerBatch.answering, syncLog: syncLog)
        let metrics = AppMetrics()
        let nodes = try configuration.replicaNodes.isEmpty
            ? nil : ReplicaNodes(addresses: ReplicaNodes.parse(configuration.replicaNodes.joined(separator: ",")).get())
        self.nodes = nodes
        let arrays: ArrayService
        do {
            arrays = try ArrayService(
                storage: storage, metrics: metrics, nodes: nodes,
                makeReplication: makeReplication
                    ?? ArrayService.standard(storage: storage, deadline: configuration.quorumDeadline, nodes: nodes))
        } catch {
            nodes?.shutdown()
            throw error
        }
        let health = HealthService(storage: storage, metrics: metrics, nodes: nodes)
        histories = HistoryService(storage: storage, budgets: historyBudgets)
        let files = StaticFiles(root: try ResourceLocator.locate(
            "Public", explicit: configuration.publicDirectory, flag: "--public"))
        let router = Routes.router(arrays: arrays, histories: histories, health: health, files: files)
        let responder = AppResponder(
            router: router, metrics: metrics, token: AccessToken(configuration.token), now: arrays.now,
            pendingWork: arrays.commitPending)
        server = HTTPServer(
            configuration: ServerConfiguration(
                host: configuration.host, port: configuration.port, limits: configuration.limits,
                eventLoopCount: configuration.eventLoops ?? AppConfiguration.defaultEventLoops),
            responder: responder)
        health.attach(server)
    }

    /// Binds and listens; returns the port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        let port = try server.start()
        try histories.resumePendingChecks()
        return port
    }

    /// Stops accepting, finishes the requests in flight, closes the database. Idempotent.
    public func shutdown() {
        server.shutdown()
        nodes?.shutdown()
        histories.stop()
        storage.close()
    }

    /// Stops checking submitted histories in the background (they stay pending, to be checked at
    /// the next start), as a shutdown does.
    func stopBackgroundChecks() {
        histories.stop()
    }

    /// Serves until SIGINT or SIGTERM, then shuts down cleanly.
    public func run() throws {
        try Signals.serveUntilTermination {
            let port = try start()
            Log.info("serving on http://\(host):\(port)")
        }
        Log.info("stopping: finishing requests in flight")
        shutdown()
        Log.info("stopped")
    }
}
