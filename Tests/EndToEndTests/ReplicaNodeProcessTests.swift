import Checker
import Foundation
import Glibc
import Histories
import Synchronization
import TestSupport
import Testing

/// Three `registrar replica` processes and a `registrar serve --replica-nodes` over them, under
/// load from concurrent clients, while nodes are killed with SIGKILL and started again.
@Suite(.serialized) struct ReplicaNodeProcessTests {
    /// What the clients saw, per phase of the test.
    final class Tally: Sendable {
        struct Counts: Sendable {
            var ok = 0
            var unavailableWrites = 0
            var unavailableReads = 0
            var other: [Int] = []
        }
        let phase = Atomic<Int>(0)
        let counts = Mutex<[Int: Counts]>([:])

        func record(status: Int, write: Bool) {
            let phase = phase.load(ordering: .relaxed)
            counts.withLock { counts in
                var entry = counts[phase] ?? Counts()
                switch status {
                case 200: entry.ok += 1
                case 503 where write: entry.unavailableWrites += 1
                case 503: entry.unavailableReads += 1
                default: entry.other.append(status)
                }
                counts[phase] = entry
            }
        }

        func counts(_ phase: Int) -> Counts { counts.withLock { $0[phase] ?? Counts() } }

        /// Waits until `condition` holds for the current phase's counts, or `seconds` pass.
        func wait(seconds: Double, until condition: (Counts) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition(counts(phase.load(ordering: .relaxed))) { return true }
                usleep(20_000)
            }
            return false
        }
    }

    @Test func operationsSurviveAMinorityOfNodesKilledAndResumeWhenKilledNodesRestart() throws {
        let started = Date()
        var nodes = try (0..<3).map { _ in
            try ServerProcess(databasePath: ServerProcess.temporaryDatabase(), command: "replica")
        }
        let list = nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
        let server = try ServerProcess(
            databasePath: ServerProcess.temporaryDatabase(),
            extraArguments: ["--replica-nodes", list, "--quorum-deadline", "1"])
        let setup = try TestClient(port: server.port)
        let created = try setup.request(
            "POST", "/arrays", body: #"{"name":"spread","size":4,"semantics":"atomic","replicas":3,"placement":"nodes"}"#)
        try #require(created.status == 201, "\(created.text)")

        let tally = Tally()
        let stop = Atomic<Bool>(false)
        let port = server.port
        let group = DispatchGroup()
        for client in 0..<6 {
            // A thread each: blocking clients on Dispatch's pool would starve its timers.
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                var connection = try? TestClient(port: port)
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    n += 1
                    let register = (client + n) % 4
                    let write = n % 2 == 0
                    let target = "/arrays/spread/registers/\(register)?process=c\(client)"
                    do {
                        guard let current = connection else { throw TestClient.Failure.closed }
                        let response = write
                            ? try current.request("PUT", target, body: #"{"value":"c\#(client)-\#(n)"}"#)
                            : try current.request("GET", target)
                        tally.record(status: response.status, write: write)
                    } catch {
                        connection = try? TestClient(port: port)
                    }
                }
            }
        }
        defer {
            stop.store(true, ordering: .relaxed)
            group.wait()
        }

        // 0: all nodes up.
        #expect(tally.wait(seconds: 15) { $0.ok >= 100 })
        // 1: one node killed: operations go on.
        tally.phase.store(1, ordering: .relaxed)
        nodes[0].stop(signal: SIGKILL)
        #expect(tally.wait(seconds: 15) { $0.ok >= 100 }, "\(tally.counts(1))")
        // 2: a second node killed: no quorum, 503s, and the server is not ready.
        nodes[1].stop(signal: SIGKILL)
        usleep(1_200_000)  // operations in flight at the kill end (deadline 1 s)
        tally.phase.store(2, ordering: .relaxed)
        #expect(tally.wait(seconds: 15) { $0.unavailableWrites >= 6 && $0.unavailableReads >= 6 }, "\(tally.counts(2))")
        let degraded = try setup.request("GET", "/readyz")
        #expect(degraded.status == 503)
        #expect(degraded.object["arraysWithoutQuorum"] as? [String] == ["spread"])
        // 3: both restarted on their ports and files: operations go on. (Phase 4 is the restart.)
        tally.phase.store(4, ordering: .relaxed)
        for index in 0..<2 {
            nodes[index] = try ServerProcess(
                databasePath: nodes[index].databasePath, command: "replica", port: nodes[index].port)
        }
        usleep(1_200_000)  // operations in flight at the restart end
        tally.phase.store(3, ordering: .relaxed)
        #expect(tally.wait(seconds: 15) { $0.ok >= 100 }, "\(tally.counts(3))")
        stop.store(true, ordering: .relaxed)
        group.wait()
        #expect(try setup.request("GET", "/readyz").status == 200)

        #expect(tally.counts(2).ok == 0, "no operation completes without a quorum")
        for phase in 0...4 { #expect(tally.counts(phase).other.isEmpty, "phase \(phase): \(tally.counts(phase).other)") }

        // The live history: every 503 write is there as info, nothing is pending, and it is atomic.
        let document = try setup.request("GET", "/arrays/spread/history?limit=10000")
        #expect(document.object["next"] is NSNull)
        let history = try History.decode(document.body, format: .native)
        let unavailableWrites = (0...4).map { tally.counts($0).unavailableWrites }.reduce(0, +)
        let okOperations = (0...4).map { tally.counts($0).ok }.reduce(0, +)
        #expect(history.operations.filter { $0.status == .info }.count == unavailableWrites)
        #expect(history.operations.filter { $0.status == .ok }.count == okOperations)
        let verdict = Checker.check(history)
        #expect(verdict.consistency == .atomic, "\(verdict.registers.flatMap(\.violations).map(\.message))")
        #expect(Date().timeIntervalSince(started) < 60)
    }
}
