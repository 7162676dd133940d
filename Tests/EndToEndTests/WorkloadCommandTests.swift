import Foundation
import Glibc
import TestSupport
import Testing

/// `registrar workload` as a user runs it, against a real `registrar serve` (SPEC §6).
@Suite(.serialized) struct WorkloadCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the binary on a thread of its own: waiting for it must not hold a shared thread.
    func registrar(_ arguments: [String]) async throws -> Run {
        try await blocking { try Self.runBinary(arguments) }
    }

    static func runBinary(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   errors: String(decoding: errors, as: UTF8.self))
    }

    func line(_ prefix: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test func fourClientsOfTwoHundredOperationsAreAllRecordedAndAtomic() async throws {
        let server = try await blocking { try ServerProcess(databasePath: ServerProcess.temporaryDatabase()) }
        let url = "http://127.0.0.1:\(server.port)"
        let record = URL(fileURLWithPath: server.databasePath).deletingLastPathComponent().appendingPathComponent("ack.jsonl").path
        let run = try await registrar([
            "workload", "--url", url, "--array", "load", "--clients", "4", "--operations", "800",
            "--create-size", "4", "--semantics", "atomic", "--seed", "17", "--record", record,
        ])
        #expect(run.status == 0, "\(run.output)\n\(run.errors)")
        // No terminal: no progress bar on standard error.
        #expect(run.errors.isEmpty)

        let throughput = try #require(line("throughput: ", in: run.output))
        #expect(throughput.range(of: #"^throughput: \d+\.\d ops/s$"#, options: .regularExpression) != nil, "\(throughput)")
        let latency = try #require(line("latency: ", in: run.output))
        #expect(latency.range(of: #"^latency: p50 \d+\.\d\d ms, p99 \d+\.\d\d ms, max \d+\.\d\d ms$"#,
                              options: .regularExpression) != nil, "\(latency)")
        #expect(line("completed: ", in: run.output)?.hasPrefix("completed: 800 operations in ") == true)
        #expect(line("status: ", in: run.output) == "status: 200 × 800, 409 × 0, 503 × 0, other × 0")
        #expect(line("verdict: ", in: run.output) == "verdict: atomic (the array's semantics: atomic)")
        #expect(run.output.contains("  register 3  atomic"))
        #expect(line("timeline: ", in: run.output) == "timeline: \(url)/arrays/load/timeline")

        let client = try TestClient(port: server.port)
        let history = try client.request("GET", "/arrays/load/history?limit=10000")
        let document = try #require(history.json as? [String: Any])
        let operations = try #require(document["operations"] as? [[String: Any]])
        #expect(operations.count == 800)
        #expect(operations.allSatisfy { $0["status"] as? String == "ok" })
        let processes = Dictionary(grouping: operations) { $0["process"] as? String ?? "" }.mapValues(\.count)
        #expect(processes == ["w17-0": 200, "w17-1": 200, "w17-2": 200, "w17-3": 200])
        let written = operations.filter { $0["kind"] as? String == "write" }.compactMap { $0["value"] as? String }
        #expect(!written.isEmpty && Set(written).count == written.count)
        // --record: one line per acknowledged operation, each naming an operation of the history.
        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 800)
        let ids = Set(operations.compactMap { $0["id"] as? Int })
        let recordedIDs = Set(lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int })
        #expect(recordedIDs == ids)
        #expect(server.stop(signal: SIGTERM) == 0)
    }

    @Test func aMissingArrayOrAnUnreachableServerExitsTwo() async throws {
        let server = try await blocking { try ServerProcess(databasePath: ServerProcess.temporaryDatabase()) }
        let missing = try await registrar(["workload", "--url", "http://127.0.0.1:\(server.port)", "--array", "absent",
                                     "--clients", "1", "--operations", "1"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("there is no array 'absent'"))
        #expect(missing.errors.contains("--create-size"))
        server.stop(signal: SIGTERM)

        let unreachable = try await registrar(["workload", "--url", "http://127.0.0.1:\(server.port)", "--array", "a",
                                         "--clients", "1", "--operations", "1"])
        #expect(unreachable.status == 2)
        #expect(unreachable.errors.contains("cannot reach"))
        #expect(try await registrar(["workload", "--url", "ftp://x", "--array", "a"]).status == 2)
        #expect(try await registrar(["workload", "--array", "a", "--semantics", "atomic"]).status == 2)
    }
}
