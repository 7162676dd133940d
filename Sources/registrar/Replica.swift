import App
import ArgumentParser
import HTTP
import Storage

/// `registrar replica`: a replica node, hosting replicas for a server started with `--replica-nodes`.
struct Replica: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a replica node: replicas of arrays placed on nodes, each store durable before it is acknowledged.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8090

    @Option(help: "SQLite database file of this node, created if missing.")
    var database = "registrar-replica.sqlite"

    @Option(help: "Folder of NNNN_name.sql migrations (default: ./Migrations, or beside the binary).")
    var migrations: String?

    @Option(help: SynchronousMode.help)
    var synchronous = SynchronousMode.writes

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() throws {
        let configuration = ReplicaNodeConfiguration(
            host: host, port: port, databasePath: database, migrationsDirectory: migrations,
            synchronous: synchronous)
        do {
            try ReplicaNode(configuration: configuration).run()
        } catch {
            StandardError.write("registrar: \(error)\n")
            throw ExitCode.failure
        }
    }
}
