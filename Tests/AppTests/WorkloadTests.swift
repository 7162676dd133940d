@testable import App
import Foundation
import JSON
import Synchronization
import TestSupport
import Testing

/// The pure parts of `registrar workload` (plan, statistics, verdict, URL), and whole runs against
/// an in-process server.
@Suite struct WorkloadTests {
    @Test func theSeedDecidesEveryOperation() {
        let plan = WorkloadPlan(seed: 42, clients: 3, operations: 100)
        #expect((0..<3).map(plan.count(for:)) == [34, 33, 33])
        let steps = (0..<3).map { plan.steps(for: $0, registers: 5, writeRatio: 0.5) }
        #expect(steps == (0..<3).map { WorkloadPlan(seed: 42, clients: 3, operations: 100).steps(for: $0, registers: 5, writeRatio: 0.5) })
        #expect(steps != (0..<3).map { WorkloadPlan(seed: 43, clients: 3, operations: 100).steps(for: $0, registers: 5, writeRatio: 0.5) })
        #expect(steps[0] != steps[1])
        let all = steps.flatMap { $0 }
        #expect(all.allSatisfy { (0..<5).contains($0.register) })
        #expect(Set(all.map(\.register)).count == 5)
        let writes = all.compactMap(\.write)
        #expect(Set(writes).count == writes.count)
        #expect((30...70).contains(writes.count), "seed 42: \(writes.count) writes of 100")
        #expect(steps[1].first { $0.write != nil }?.write?.hasPrefix("w42-1-") == true)
        #expect(plan.process(2) == "w42-2")
        #expect(plan.steps(for: 0, registers: 3, writeRatio: 0).allSatisfy { $0.write == nil })
        #expect(plan.steps(for: 0, registers: 3, writeRatio: 1).allSatisfy { $0.write != nil })
    }

    @Test func percentilesAreNearestRank() {
        let sorted: [Int64] = Array(1...100)
        #expect(WorkloadStatistics.percentile(0.5, of: sorted) == 50)
        #expect(WorkloadStatistics.percentile(0.99, of: sorted) == 99)
        #expect(WorkloadStatistics.percentile(1, of: sorted) == 100)
        #expect(WorkloadStatistics.percentile(0.99, of: [7]) == 7)
        #expect(WorkloadStatistics.percentile(0.5, of: []) == nil)
        #expect(DecimalText.fixed(3.14159, 2) == "3.14")
        #expect(DecimalText.fixed(0.005, 2) == "0.01")
        #expect(DecimalText.fixed(12, 1) == "12.0")
    }

    @Test func reportLinesCountStatusesAndFailures() {
        var statistics = WorkloadStatistics()
        for (status, millis) in [(200, 1), (200, 2), (409, 3), (503, 4), (404, 10)] {
            statistics.record(status: status, nanoseconds: Int64(millis) * 1_000_000)
        }
        var other = WorkloadStatistics()
        other.failures = ["w1-3: no complete response within 30.0 s"]
        statistics.merge(other)
        #expect(statistics.lines(seconds: 0.5) == [
            "completed: 5 operations in 0.50 s",
            "throughput: 10.0 ops/s",
            "latency: p50 3.00 ms, p99 10.00 ms, max 10.00 ms",
            "status: 200 × 2, 409 × 1, 503 × 1, other × 1",
            "connection errors: 1 client stopped; first: w1-3: no complete response within 30.0 s",
        ])
    }

    @Test func verdictsInWordsAndTheirStrength() throws {
        let json = try JSON.parse(#"""
            {"consistency":"regular","registers":[
              {"register":0,"operations":3,"consistency":"atomic","violations":[]},
              {"register":1,"operations":4,"consistency":"regular","violations":[
                {"level":"atomic","rule":"new-old-inversion","operations":[1,2,3],"message":"read 2 saw an older value"}]}]}
            """#)
        let verdict = try #require(WorkloadVerdict(json: json))
        #expect(verdict.isWeaker(than: "atomic"))
        #expect(!verdict.isWeaker(than: "regular") && !verdict.isWeaker(than: "safe"))
        #expect(verdict.lines(semantics: "atomic") == [
            "verdict: regular (the array's semantics: atomic)",
            "  register 0  atomic    3 operations",
            "  register 1  regular   4 operations",
            "  register 1: not atomic: new-old-inversion: read 2 saw an older value",
        ])
        let unknown = try #require(WorkloadVerdict(json: ["consistency": "unknown", "registers": []]))
        #expect(unknown.isWeaker(than: "safe"))
        #expect(WorkloadVerdict(json: ["consistency": 1]) == nil)
    }

    @Test func targetsAreHTTPRootsOnly() throws {
        #expect(try WorkloadTarget("http://127.0.0.1:8080") == WorkloadTarget("HTTP://127.0.0.1:8080/"))
        let target = try WorkloadTarget("http://localhost/")
        #expect(target.host == "localhost" && target.port == 80 && target.base == "http://localhost")
        for bad in ["https://x:1", "127.0.0.1:8080", "http://x:0", "http://x:port", "http://x:1/api", "http://[::1]:80", "http://"] {
            #expect(throws: WorkloadTarget.Invalid.self, "\(bad)") { try WorkloadTarget(bad) }
        }
        #expect(WorkloadConfiguration(url: "http://x:1", array: "a", clients: 0, operations: 1, seed: 1).problem
            == "--clients must be at least 1")
        #expect(WorkloadConfiguration(url: "http://x:1", array: "a/b", clients: 1, operations: 1, seed: 1).problem != nil)
        #expect(WorkloadConfiguration(url: "http://x:1", array: "a", clients: 1, operations: 1, writeRatio: 1.5, seed: 1).problem
            == "--write-ratio must be from 0 to 1")
        #expect(WorkloadConfiguration(url: "http://x:1", array: "a", clients: 1, operations: 1, seed: 1, token: "s3cret")
            .headers["Authorization"] == "Bearer s3cret")
        #expect(WorkloadConfiguration(url: "http://x:1", array: "a", clients: 1, operations: 1, seed: 1).headers.count == 0)
    }

    @Test func progressLine() {
        #expect(WorkloadProgress.line(done: 400, total: 800, seconds: 2)
            == "[" + String(repeating: "#", count: 15) + String(repeating: "·", count: 15) + "] 400/800  50%  200.0 ops/s")
    }

    /// Collects what a run prints.
    final class Printed: Sendable {
        let lines = Mutex<[String]>([])
        let errors = Mutex<[String]>([])
        var text: String { lines.withLock { $0.joined(separator: "\n") } }
    }

    /// Runs the workload on a thread of its own (it blocks until every client is done).
    func run(_ configuration: WorkloadConfiguration) async throws -> (Workload.Outcome, Printed) {
        let printed = Printed()
        let workload = Workload(configuration: configuration, progress: false,
                                output: { line in printed.lines.withLock { $0.append(line) } },
                                errors: { line in printed.errors.withLock { $0.append(line) } })
        return (try await blocking { workload.run() }, printed)
    }

    @Test func aRunCreatesTheArrayAndEveryOperationIsRecorded() async throws {
        let app = try TestApp()
        let (outcome, printed) = try await run(WorkloadConfiguration(
            url: "http://127.0.0.1:\(app.port)", array: "load", clients: 3, operations: 61, seed: 5,
            creation: .init(size: 3, semantics: "atomic")))
        #expect(outcome == .holds, "\(printed.errors.withLock { $0 })")
        #expect(printed.text.contains("status: 200 × 61, 409 × 0, 503 × 0, other × 0"))
        #expect(printed.text.contains("verdict: atomic (the array's semantics: atomic)"))
        let history = try app.client().request("GET", "/arrays/load/history")
        let operations = history.object["operations"] as? [[String: Any]] ?? []
        #expect(operations.count == 61)
        #expect(Set(operations.compactMap { $0["process"] as? String }) == ["w5-0", "w5-1", "w5-2"])
    }

    @Test func recordLinesCarryTheServersOperationIdAndValue() throws {
        let read = WorkloadRecord.line(process: "w1-0", register: 2, isWrite: false,
                                       response: Array(#"{"array":"a","index":2,"value":12345678901234567890123,"operation":7}"#.utf8))
        #expect(read.map { String(decoding: $0, as: UTF8.self) }
            == #"{"id":7,"process":"w1-0","kind":"read","register":2,"value":12345678901234567890123}"# + "\n")
        let write = WorkloadRecord.line(process: "w1-1", register: 0, isWrite: true,
                                        response: Array(#"{"array":"a","index":0,"value":"w1-1-0","operation":8}"#.utf8))
        #expect(write.map { String(decoding: $0, as: UTF8.self) }
            == #"{"id":8,"process":"w1-1","kind":"write","register":0,"value":"w1-1-0"}"# + "\n")
        #expect(WorkloadRecord.line(process: "w1-0", register: 0, isWrite: false, response: Array(#"{"value":null}"#.utf8)) == nil)
    }

    @Test func recordWritesOneLinePerAcknowledgedOperationAsInTheHistory() async throws {
        let app = try TestApp()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workload-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("acknowledged.jsonl").path
        let (outcome, printed) = try await run(WorkloadConfiguration(
            url: "http://127.0.0.1:\(app.port)", array: "rec", clients: 3, operations: 40, seed: 11,
            creation: .init(size: 2, semantics: "atomic"), recordPath: path))
        #expect(outcome == .holds, "\(printed.errors.withLock { $0 })")

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let recorded = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(recorded.count == 40)
        let history = try app.client().request("GET", "/arrays/rec/history")
        let operations = history.object["operations"] as? [[String: Any]] ?? []
        let byID = Dictionary(uniqueKeysWithValues: operations.map { ($0["id"] as? Int ?? -1, $0) })
        for line in recorded {
            let operation = try #require(byID[line["id"] as? Int ?? -2], "\(line)")
            #expect(operation["kind"] as? String == line["kind"] as? String)
            #expect(operation["register"] as? Int == line["register"] as? Int)
            #expect(operation["process"] as? String == line["process"] as? String)
            #expect((operation["value"] as? String ?? "null") == (line["value"] as? String ?? "null"))
        }

        let (unwritable, unwritablePrinted) = try await run(WorkloadConfiguration(
            url: "http://127.0.0.1:\(app.port)", array: "rec", clients: 1, operations: 1, seed: 12,
            recordPath: folder.appendingPathComponent("missing/acknowledged.jsonl").path))
        #expect(unwritable == .failed)
        #expect(unwritablePrinted.errors.withLock { $0 }.first?.contains("--record: cannot open") == true)
    }

    @Test func unavailableReplicasAreCountedAs503AndAMissingArrayIsAnError() async throws {
        let app = try TestApp(makeReplication: { _, _ in UnavailableReplication() })
        let url = "http://127.0.0.1:\(app.port)"
        let (missing, missingPrinted) = try await run(WorkloadConfiguration(url: url, array: "nope", clients: 1, operations: 1, seed: 1))
        #expect(missing == .failed)
        #expect(missingPrinted.errors.withLock { $0 }.first?.contains("there is no array 'nope'") == true)
        let (outcome, printed) = try await run(WorkloadConfiguration(
            url: url, array: "down", clients: 2, operations: 20, seed: 9, creation: .init(size: 2)))
        #expect(outcome == .holds)
        #expect(printed.text.contains("status: 200 × 0, 409 × 0, 503 × 20, other × 0"))
    }
}
