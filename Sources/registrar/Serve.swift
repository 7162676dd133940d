import App
import ArgumentParser
import HTTP
import Storage

/// `registrar serve`: the HTTP API over an SQLite file.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API (arrays of registers, histories, verdicts).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "SQLite database file, created if missing.")
    var database = "registrar.sqlite"

    @Option(help: "Folder of NNNN_name.sql migrations (default: ./Migrations, or beside the binary).")
    var migrations: String?

    @Option(name: .customLong("public"), help: "Folder served under /static (default: ./Public, or beside the binary).")
    var publicFiles: String?

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes = Limits.default.body

    @Option(help: "Most open client connections; past it a new connection is answered 503 and closed.")
    var maxConnections = Limits.default.maxConnections

    @Option(help: "Seconds a client has to send a request's header section, from its first byte (else 408).")
    var headerDeadline = Limits.default.headerDeadline

    @Option(help: "Seconds a keep-alive connection may sit idle, or a body or a response stall.")
    var idleTimeout = Limits.default.idleTimeout

    @Option(help: SynchronousMode.help)
    var synchronous = SynchronousMode.writes

    @Option(help: "Seconds a replicated operation waits for a quorum before it fails with 503.")
    var quorumDeadline: Double = 2

    @Option(help: "Access token required (as 'Authorization: Bearer TOKEN') on requests that change state; also REGISTRAR_TOKEN.")
    var token: String?

    @Option(help: "Replica nodes (host:port,…, each a 'registrar replica') for arrays created with \"placement\": \"nodes\"; replica r runs on the r-th.")
    var replicaNodes: String?

    @Option(help: "Event-loop threads serving connections (default: one per CPU but one, 1 to 4).")
    var eventLoops: Int?

    func validate() throws {
        if let replicaNodes, case let .failure(error) = ReplicaNodeList.parse(replicaNodes) {
            throw ValidationError("--replica-nodes: \(error)")
        }
        guard quorumDeadline > 0 else { throw ValidationError("--quorum-deadline must be positive") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be positive") }
        guard headerDeadline > 0 else { throw ValidationError("--header-deadline must be positive") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be positive") }
        if let eventLoops, !(1...64).contains(eventLoops) {
            throw ValidationError("--event-loops must be from 1 to 64")
        }
    }

    func run() throws {
        var limits = Limits.default
        limits.body = maxBodyBytes
        limits.maxConnections = maxConnections
        limits.headerDeadline = headerDeadline
        limits.idleTimeout = idleTimeout
        let configuration = AppConfiguration(
            host: host, port: port, databasePath: database, migrationsDirectory: migrations, publicDirectory: publicFiles, limits: limits,
            synchronous: synchronous,
            quorumDeadline: .milliseconds(Int64(quorumDeadline * 1000)),
            token: token ?? environmentVariable("REGISTRAR_TOKEN"),
            replicaNodes: replicaNodes.map { $0.split(separator: ",").map(String.init) } ?? [],
            eventLoops: eventLoops)
        do {
            try Application(configuration: configuration).run()
        } catch {
            StandardError.write("registrar: \(error)\n")
            throw ExitCode.failure
        }
    }
}
