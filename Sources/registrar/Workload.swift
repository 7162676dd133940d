import App
import ArgumentParser

/// `registrar workload`: concurrent load on an array through the HTTP API (SPEC §6).
struct Workload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run concurrent reads and writes on an array through the HTTP API, then report throughput, latency and the verdict.",
        discussion: """
            Each client is a sequential process named w<seed>-<i>; the seed decides every operation \
            (kind, register, value), and writes carry distinct values ("w<seed>-<i>-<n>"). A progress bar \
            is drawn on standard error when it is a terminal.
            Exit status: 0 the verdict is as strong as the array's semantics, 1 it is weaker (or undecided), \
            2 bad arguments, a missing array or a connection failure.
            """)

    @Option(help: "The server's root URL, http://HOST:PORT.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "The array to run on.")
    var array: String

    @Option(help: "Concurrent clients.")
    var clients = 4

    @Option(help: "Operations in all, shared among the clients.")
    var operations = 1000

    @Option(help: "The share of writes, from 0 to 1.")
    var writeRatio = 0.5

    @Option(help: "Use registers 0..<K only (default: every register of the array).")
    var registers: Int?

    @Option(help: "Seed of the operations (default: a random one, printed in the report).")
    var seed: UInt64?

    @Option(help: "Create the array with this many registers if it does not exist.")
    var createSize: Int?

    @Option(help: "Semantics of a created array: atomic, regular or safe (default: the server's).")
    var semantics: String?

    @Option(help: "Replicas of a created array (default: the server's).")
    var replicas: Int?

    @Option(help: "Seconds allowed for each request.")
    var timeout: Double = 30

    @Option(help: "Access token for servers started with --token (default: $REGISTRAR_TOKEN).")
    var token: String?

    @Option(help: ArgumentHelp("Write each acknowledged operation to FILE as a JSON line: id, process, kind, register, value.",
                               valueName: "file"))
    var record: String?

    func validate() throws {
        if createSize == nil && (semantics != nil || replicas != nil) {
            throw failure("--semantics and --replicas apply to a created array: add --create-size N")
        }
        if let problem = makeConfiguration().problem { throw failure(problem) }
    }

    func makeConfiguration() -> WorkloadConfiguration {
        WorkloadConfiguration(
            url: url, array: array, clients: clients, operations: operations, writeRatio: writeRatio,
            registers: registers, seed: seed ?? UInt64.random(in: 1...999_999),
            creation: createSize.map { WorkloadConfiguration.Creation(size: $0, semantics: semantics, replicas: replicas) },
            requestTimeout: timeout,
            token: token ?? environmentVariable("REGISTRAR_TOKEN").flatMap { $0.isEmpty ? nil : $0 },
            recordPath: record)
    }

    func run() throws {
        let outcome = App.Workload(configuration: makeConfiguration()).run()
        if outcome != .holds { throw ExitCode(outcome.rawValue) }
    }
}
