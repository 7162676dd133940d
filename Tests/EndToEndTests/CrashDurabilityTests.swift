import Checker
import Foundation
import Glibc
import Histories
import Synchronization
import TestSupport
import Testing

/// An acknowledged operation is never lost, `kill -9` included (SPEC §7).
@Suite(.serialized) struct CrashDurabilityTests {
    struct Acknowledged: Sendable {
        var id: Int
        var kind: String
        var register: Int
        var value: String
    }

    /// Clients write and read concurrently; the server is killed with SIGKILL mid-load, restarted, and
    /// the history must hold every acknowledged operation, each register its last committed write,
    /// and still be atomic (on one replica, and over three quorum replicas).
    @Test(arguments: [1, 3])
    func acknowledgedOperationsSurviveSIGKILLUnderLoad(replicas: Int) throws {
        let database = ServerProcess.temporaryDatabase()
        let registers = 4
        var everAcknowledged: [Acknowledged] = []
        for cycle in 0..<3 {
            let server = try ServerProcess(databasePath: database)
            if cycle == 0 {
                let setup = try TestClient(port: server.port)
                let created = try setup.request("POST", "/arrays", body: #"{"name":"crash","size":\#(registers),"replicas":\#(replicas)}"#)
                try #require(created.status == 201)
            }
            let acknowledged = Mutex<[Acknowledged]>([])
            let stop = Atomic<Bool>(false)
            let port = server.port
            let clients = 8
            let group = DispatchGroup()
            for client in 0..<clients {
                // A thread each: blocking clients on Dispatch's global pool would starve its timers.
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    guard let connection = try? TestClient(port: port) else { return }
                    var n = 0
                    while !stop.load(ordering: .relaxed) {
                        n += 1
                        let register = (client + n) % registers
                        let process = "c\(cycle)-\(client)"
                        if n % 3 == 0 {
                            guard let response = try? connection.request("GET", "/arrays/crash/registers/\(register)?process=\(process)"),
                                  response.status == 200,
                                  let json = response.json as? [String: Any], let id = json["operation"] as? Int
                            else { return }
                            let value = (json["value"] as? String) ?? "null"
                            acknowledged.withLock { $0.append(Acknowledged(id: id, kind: "read", register: register, value: value)) }
                        } else {
                            let value = "v\(cycle)-\(client)-\(n)"
                            guard let response = try? connection.request(
                                "PUT", "/arrays/crash/registers/\(register)?process=\(process)", body: #"{"value":"\#(value)"}"#),
                                  response.status == 200,
                                  let id = (response.json as? [String: Any])?["operation"] as? Int
                            else { return }
                            acknowledged.withLock { $0.append(Acknowledged(id: id, kind: "write", register: register, value: value)) }
                        }
                    }
                }
            }
            // Let the load run until it has been acknowledged a while, then kill the server while
            // requests are in flight.
            let deadline = Date().addingTimeInterval(20)
            while acknowledged.withLock({ $0.count }) < 100 * (cycle + 1), Date() < deadline { usleep(10_000) }
            usleep(UInt32(50_000 * cycle))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            stop.store(true, ordering: .relaxed)
            group.wait()
            let acked = acknowledged.withLock { $0 }
            #expect(acked.count > 20, "cycle \(cycle): the load should have been acknowledged before the kill")
            everAcknowledged += acked
        }

        let server = try ServerProcess(databasePath: database)
        let client = try TestClient(port: server.port)
        var operations: [[String: Any]] = []
        var after = -1
        while true {
            let page = try client.request("GET", "/arrays/crash/history?limit=5000&after=\(after)")
            let document = try #require(page.json as? [String: Any])
            let items = try #require(document["operations"] as? [[String: Any]])
            operations += items
            guard let next = document["next"] as? Int else { break }
            after = next
        }
        let byID = Dictionary(operations.map { (($0["id"] as? Int) ?? -1, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byID.count == operations.count, "operation ids are unique")
        var missing = 0
        for ack in everAcknowledged {
            guard let recorded = byID[ack.id] else { missing += 1; continue }
            #expect(recorded["kind"] as? String == ack.kind)
            #expect(recorded["status"] as? String == "ok")
            #expect(recorded["register"] as? Int == ack.register)
            #expect(((recorded["value"] as? String) ?? "null") == ack.value)
        }
        #expect(missing == 0, "\(missing) of \(everAcknowledged.count) acknowledged operations are missing")
        #expect(!operations.contains { ($0["status"] as? String) == "pending" })

        // The recovered history is still atomic: nothing half-done survived the kills.
        let document = try client.request("GET", "/arrays/crash/history?limit=10000")
        #expect(document.object["next"] is NSNull)
        let history = try History.decode(document.body, format: .native)
        let verdict = Checker.check(history)
        #expect(verdict.consistency == .atomic, "\(verdict.registers.flatMap(\.violations).map(\.message))")

        // On one replica, each register holds the value of its last recorded write, which is no older
        // than its last acknowledged one. (Over several, an `info` write may have reached the replicas.)
        for register in 0..<registers where replicas == 1 {
            let writes = operations.filter { $0["register"] as? Int == register && $0["kind"] as? String == "write" }
            let last = writes.max { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }
            let lastAcked = everAcknowledged.filter { $0.kind == "write" && $0.register == register }.map(\.id).max()
            if let lastAcked { #expect((last?["id"] as? Int ?? -1) >= lastAcked) }
            let read = try client.request("GET", "/arrays/crash/registers/\(register)?process=verify")
            let value = (read.json as? [String: Any])?["value"] as? String
            #expect(value == last?["value"] as? String, "register \(register)")
        }
    }
}
