@testable import App
import Foundation
import Histories
import JSON
import TestSupport
import Testing

@Suite struct RegistersAPITests {
    @Test func valuesComeBackExactlyAsWritten() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"v","size":1}"#)
        for literal in ["1.0", "123456789012345678901234567890", "-0", "1e400", #""1""#, "true", "null", #""é\n<>""#] {
            let written = try client.request("PUT", "/arrays/v/registers/0", body: #"{"value":\#(literal)}"#)
            #expect(written.status == 200, "\(literal)")
            let read = try client.request("GET", "/arrays/v/registers/0")
            #expect(read.text.contains(#""value":"#), "\(literal)")
            let value = try JSON.parse(read.body)["value"]
            let expected = try JSON.parse(literal)
            #expect(value == expected, "\(literal): \(read.text)")
            if case let .number(number)? = value {
                #expect(number.literal == literal, "numbers keep the digits they were written with")
            }
        }
    }

    /// Writes that arrive together share a sync of the log, so none waits alone for its own: 16
    /// clients each send a write at once, eight times over, and the 128 acknowledged writes take
    /// about two syncs a round (one under way when they arrive, one for them all), not 128. Syncs
    /// are made to take 2 ms, as a slow disk's would, so that how many writes arrive during one
    /// does not depend on this machine's disk. (With one write per commit and one commit per sync,
    /// this fails.)
    @Test func writesArrivingTogetherShareLogSyncs() throws {
        let app = try TestApp(syncLog: { _ in
            usleep(2_000)
            return 0
        })
        let setup = try app.client()
        #expect(try setup.request("POST", "/arrays", body: #"{"name":"g","size":16}"#).status == 201)
        let syncsBefore = try #require(try app.metric("registrar_storage_log_syncs_total"))
        let clients = try (0..<16).map { _ in try app.client() }
        for round in 0..<8 {
            for (index, client) in clients.enumerated() {
                let body = Array(#"{"value":\#(round)}"#.utf8)
                try client.send(Array("PUT /arrays/g/registers/\(index) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            }
            for client in clients { #expect(try client.readResponse(method: "PUT").status == 200) }
        }
        let syncs = try #require(try app.metric("registrar_storage_log_syncs_total")) - syncsBefore
        #expect(syncs >= 1 && syncs <= 48, "128 writes took \(syncs) syncs")
        let operations = try setup.request("GET", "/arrays/g/history?limit=1000").object["operations"] as? [Any]
        #expect(operations?.count == 128)
    }

    @Test func registerIndexesOutOfRangeAre404() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"r","size":4}"#)
        for target in ["/arrays/r/registers/4", "/arrays/r/registers/-1", "/arrays/r/registers/x", "/arrays/nope/registers/0"] {
            #expect(try client.request("GET", target).status == 404, "\(target)")
        }
        #expect((try client.request("GET", "/arrays/r").object["operations"] as? Int) == 0)
    }

    @Test(arguments: [
        (#"{"value":[1]}"#, "/value"),
        (#"{"value":{"a":1}}"#, "/value"),
        (#"{}"#, "/value"),
        (#"{"val":1}"#, "/val"),
    ])
    func aWrongWriteBodyIsA400ThatChangesNothing(body: String, pointer: String) throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"w","size":1}"#)
        let response = try client.request("PUT", "/arrays/w/registers/0", body: body)
        #expect(response.status == 400)
        #expect(response.object["pointer"] as? String == pointer)
        #expect((response.object["example"] as? String)?.contains("curl -X PUT") == true)
        #expect(try client.request("GET", "/arrays/w").object["operations"] as? Int == 0)
    }

    @Test func aValueOver64KiBIsRefused() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"big","size":1}"#)
        let fits = String(repeating: "a", count: 64 * 1024 - 2)
        #expect(try client.request("PUT", "/arrays/big/registers/0", body: #"{"value":"\#(fits)"}"#).status == 200)
        let tooBig = fits + "a"
        #expect(try client.request("PUT", "/arrays/big/registers/0", body: #"{"value":"\#(tooBig)"}"#).status == 400)
        // Counted as written: each "<" is stored as \u003c, so 11,000 of them (an 11 kB body) are 66 kB.
        let escaped = String(repeating: "<", count: 11_000)
        #expect(try client.request("PUT", "/arrays/big/registers/0", body: #"{"value":"\#(escaped)"}"#).status == 400)
        #expect(try client.request("PUT", "/arrays/big/registers/0", body: #"{"value":"\#(escaped.prefix(10_000))"}"#).status == 200)
    }

    @Test func aProcessWithAnOperationInFlightGets409() throws {
        let gated = GatedReplicationBox()
        let app = try TestApp(makeReplication: { _, values in gated.make(values) })
        let setup = try app.client()
        _ = try setup.request("POST", "/arrays", body: #"{"name":"g","size":2}"#)
        let first = try app.client()
        try first.send(Array("PUT /arrays/g/registers/0?process=alice HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n{\"value\":1}".utf8))
        try #require(gated.waitForEntry(), "the write reached the replicas")
        // alice is waiting on the replicas: a second operation of hers is refused at once.
        let second = try app.client()
        #expect(try second.request("GET", "/arrays/g/registers/1?process=alice").status == 409)
        gated.release(times: 1)
        #expect(try first.readResponse().status == 200)
        // Once her write completed, alice may go on.
        gated.release(times: 1)
        #expect(try second.request("GET", "/arrays/g/registers/1?process=alice").status == 200)
    }

    @Test func withoutAQuorumAWriteIsRecordedInfoAndAReadIsDropped() throws {
        let app = try TestApp(makeReplication: { _, _ in UnavailableReplication() })
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"q","size":1}"#)
        #expect(try client.request("PUT", "/arrays/q/registers/0?process=p", body: #"{"value":5}"#).status == 503)
        #expect(try client.request("GET", "/arrays/q/registers/0?process=p").status == 503)
        let operations = try client.request("GET", "/arrays/q/history").object["operations"] as? [[String: Any]] ?? []
        #expect(operations.count == 1)
        #expect(operations.first?["status"] as? String == "info")
        #expect(operations.first?["complete"] == nil)
    }

    @Test func theConnectionIsTheProcessWhenNoneIsNamed() throws {
        let app = try TestApp()
        let one = try app.client(), two = try app.client()
        _ = try one.request("POST", "/arrays", body: #"{"name":"c","size":1}"#)
        _ = try one.request("PUT", "/arrays/c/registers/0", body: #"{"value":1}"#)
        _ = try one.request("GET", "/arrays/c/registers/0")
        _ = try two.request("GET", "/arrays/c/registers/0")
        let processes = (try one.request("GET", "/arrays/c/history").object["operations"] as? [[String: Any]] ?? [])
            .compactMap { $0["process"] as? String }
        #expect(processes.count == 3)
        #expect(processes[0] == processes[1])
        #expect(processes[1] != processes[2])
    }

    @Test func historiesArePagedAndComeAsEDNToo() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"h","size":2}"#)
        for i in 0..<5 { _ = try client.request("PUT", "/arrays/h/registers/\(i % 2)?process=p", body: #"{"value":\#(i)}"#) }
        let first = try client.request("GET", "/arrays/h/history?limit=2")
        #expect((first.object["operations"] as? [[String: Any]])?.map { $0["id"] as? Int } == [0, 1])
        #expect(first.object["next"] as? Int == 1)
        #expect(first.header("Link") == #"</arrays/h/history?after=1&limit=2>; rel="next""#)
        let rest = try client.request("GET", "/arrays/h/history?after=1&limit=10")
        #expect((rest.object["operations"] as? [[String: Any]])?.map { $0["id"] as? Int } == [2, 3, 4])
        #expect(rest.object["next"] is NSNull)
        let edn = try client.request("GET", "/arrays/h/history?format=edn")
        #expect(edn.header("Content-Type") == "application/edn")
        let decoded = try History.decode(edn.body, format: .edn)
        #expect(decoded.operations.count == 5)
        #expect(try client.request("GET", "/arrays/h/history?format=xml").status == 400)
        #expect(try client.request("GET", "/arrays/h/history?limit=0").status == 400)
    }

    @Test func headAnswersLikeGetWithoutABody() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"hd","size":1}"#)
        let get = try client.request("GET", "/arrays/hd")
        let head = try client.request("HEAD", "/arrays/hd")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == get.header("Content-Length"))
    }
}

/// Makes `GatedReplication`s and lets their operations go.
final class GatedReplicationBox: @unchecked Sendable {
    // @unchecked: `replicas` is written under `lock` only.
    private let lock = NSLock()
    private var replicas: [GatedReplication] = []

    func make(_ values: [Value]) -> GatedReplication {
        let replica = GatedReplication(values: values)
        lock.withLock { replicas.append(replica) }
        return replica
    }

    /// Waits until some operation reached a gate; false after 10 s.
    func waitForEntry() -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let replica = lock.withLock({ replicas.first }) {
                return replica.entered.wait(timeout: .now() + 10) == .success
            }
            usleep(10_000)
        }
        return false
    }

    func release(times: Int) {
        lock.withLock { for replica in replicas { for _ in 0..<times { replica.gate.signal() } } }
    }
}
