import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import HTTP
import HTTPServer
import JSON
import Storage

/// Everything `registrar replica` needs.
public struct ReplicaNodeConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The node's SQLite file, created if missing (the server's schema, from the same migrations).
    public var databasePath: String
    /// The folder of `NNNN_name.sql` files; nil to look in the usual places.
    public var migrationsDirectory: String?
    public var limits: Limits
    public var synchronous: SynchronousMode

    public init(
        host: String = "127.0.0.1", port: Int = 8090, databasePath: String = "registrar-replica.sqlite",
        migrationsDirectory: String? = nil, limits: Limits = .default, synchronous: SynchronousMode = .writes
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.migrationsDirectory = migrationsDirectory
        self.limits = limits
        self.synchronous = synchronous
    }
}

/// A replica node: a small HTTP service hosting replicas of arrays whose coordinator runs
/// elsewhere (`registrar serve --replica-nodes`), each store durable in its SQLite file before it
/// is acknowledged.
///
/// Routes: `POST /replica/arrays/{name}/query` and `/store` (bodies in `ReplicaWire`),
/// `GET /replica/arrays` (what it hosts), `GET /livez`. Made and run like `Application`.
public final class ReplicaNode: Sendable {
    private let storage: Storage
    private let server: HTTPServer
    private let host: String

    public init(configuration: ReplicaNodeConfiguration) throws {
        host = configuration.host
        let folder = try ResourceLocator.locate("Migrations", explicit: configuration.migrationsDirectory, flag: "--migrations")
        storage = try Storage(
            path: configuration.databasePath, migrations: try Migrations.load(directory: folder),
            synchronous: configuration.synchronous, answering: AnswerBatch.answering)
        let service = try ReplicaNodeService(storage: storage)
        let metrics = AppMetrics()
        let responder = AppResponder(
            router: Routes.replicaNodeRouter(service), metrics: metrics, token: nil,
            now: { Int64(DispatchTime.now().uptimeNanoseconds / 1000) })
        server = HTTPServer(
            configuration: ServerConfiguration(host: configuration.host, port: configuration.port, limits: configuration.limits),
            responder: responder)
    }

    /// Binds and listens; returns the port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        try server.start()
    }

    /// Stops accepting, finishes the requests in flight, closes the database. Idempotent.
    public func shutdown() {
        server.shutdown()
        storage.close()
    }

    /// Serves until SIGINT or SIGTERM, then shuts down cleanly.
    public func run() throws {
        try Signals.serveUntilTermination {
            let port = try start()
            Log.info("replica node serving on http://\(host):\(port)")
        }
        Log.info("stopping: finishing requests in flight")
        shutdown()
        Log.info("stopped")
    }
}

/// Waiting for the signals that end a server.
enum Signals {
    /// Turns off the default action of SIGINT and SIGTERM (which would kill the process before the
    /// database closes), runs `start`, then blocks until one of them arrives. The handlers are in
    /// place before `start`, so a signal sent as soon as the server says it is serving is not lost.
    static func serveUntilTermination(_ start: () throws -> Void) rethrows {
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        try start()
        stop.wait()
    }
}

extension Routes {
    /// The routes of a replica node.
    static func replicaNodeRouter(_ service: ReplicaNodeService) -> Router<Route> {
        var router = Router<Route>()
        func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
            router.add(method, pattern, Route(pattern: pattern, handler: handler))
        }
        add(.get, "/livez") { _, reply in reply(.success(.text("ok\n"))) }
        add(.get, "/replica/arrays") { _, reply in
            let items: [JSON] = service.arrays().map { name, spec in
                .object([
                    ("name", .string(name)),
                    ("size", .number(JSONNumber(Int64(spec.size)))),
                    ("semantics", .string(spec.semantics.rawValue)),
                    ("replicas", .number(JSONNumber(Int64(spec.replicas)))),
                    ("incarnation", .number(JSONNumber(spec.incarnation))),
                ])
            }
            reply(.success(.json(.object([("arrays", .array(items))]))))
        }
        // The coordinator deleted the array: `?incarnation=` names the one it deleted.
        add(.post, "/replica/arrays/:name/drop") { context, reply in
            let name = context.parameter("name")
            guard ArrayName.isValid(name) else { throw AppError.notFound("'\(name)' is not an array name") }
            guard let incarnation = try context.integerQuery("incarnation", in: 0...Int.max) else {
                throw AppError.badRequest("query parameter \"incarnation\" is required", pointer: "incarnation")
            }
            let dropped = try service.drop(name, incarnation: Int64(incarnation))
            reply(.success(.json(.object([("dropped", .bool(dropped))]))))
        }
        for kind in ["query", "store"] {
            add(.post, "/replica/arrays/:name/\(kind)") { context, reply in
                let name = context.parameter("name")
                guard ArrayName.isValid(name) else { throw AppError.notFound("'\(name)' is not an array name") }
                let envelope = try ReplicaWire.decodeEnvelope(context.request.body, kind: kind)
                try service.handle(array: name, envelope) { result in
                    reply(result.map { HTTPResponse(status: .ok, headers: ArrayJSON.jsonHeaders, body: ReplicaWire.encode($0)) })
                }
            }
        }
        return router
    }
}
