@testable import App
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@Suite struct HealthAPITests {
    @Test func livezReadyzAndMetricsAnswer() throws {
        let app = try TestApp()
        let client = try app.client()
        #expect(try client.request("GET", "/livez").status == 200)
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(ready.object["database"] as? String == "open")
        _ = try client.request("POST", "/arrays", body: #"{"name":"m","size":1}"#)
        _ = try client.request("PUT", "/arrays/m/registers/0", body: #"{"value":1}"#)
        _ = try client.request("GET", "/nowhere")
        let metrics = try client.request("GET", "/metrics")
        #expect(metrics.status == 200)
        let text = metrics.text
        #expect(text.contains(#"registrar_http_requests_total{route="/arrays/:name/registers/:index",method="PUT",status="200"} 1"#))
        #expect(text.contains(#"registrar_http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
        #expect(text.contains(#"registrar_operation_duration_seconds_count{kind="write"} 1"#))
        #expect(text.contains("registrar_open_connections 1"))

        // Reads are committed without a sync; a second scrape counts nothing twice.
        let synced = sample("registrar_storage_synced_commits_total", in: text)
        let commits = sample("registrar_storage_commits_total", in: text)
        #expect(synced.map { $0 >= 2 } == true, "at least the array's creation and the write")
        #expect(decimal("registrar_storage_commit_seconds_total", in: text).map { $0 > 0 } == true)
        let syncs = sample("registrar_storage_log_syncs_total", in: text)
        #expect(syncs.flatMap { syncs in synced.map { syncs >= 1 && syncs <= $0 } } == true, "a sync covers one synced commit or more")
        #expect(decimal("registrar_storage_log_sync_seconds_total", in: text).map { $0 > 0 } == true)
        for _ in 0..<3 { _ = try client.request("GET", "/arrays/m/registers/0") }
        for _ in 0..<2 {
            let later = try client.request("GET", "/metrics").text
            #expect(sample("registrar_storage_synced_commits_total", in: later) == synced)
            #expect(sample("registrar_storage_log_syncs_total", in: later) == syncs)
            let moreCommits = sample("registrar_storage_commits_total", in: later).flatMap { now in commits.map { now - $0 } }
            #expect(moreCommits.map { (1...3).contains($0) } == true)
        }
    }

    @Test func unknownRoutesAre404AndWrongMethods405WithAllow() throws {
        let app = try TestApp()
        let client = try app.client()
        let missing = try client.request("GET", "/nothing/here")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
        let wrong = try client.request("DELETE", "/livez")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow")?.contains("GET") == true)
    }

    /// A disk whose log syncs succeed until `fail` is set, then fail with EIO.
    final class FailingDisk: Sendable {
        private let failing = Mutex(false)
        func fail() { failing.withLock { $0 = true } }
        func sync(_ descriptor: Int32) -> Int32 { failing.withLock { $0 } ? EIO : 0 }
    }

    /// After the disk fails a sync, what was not made durable is not acknowledged, nothing more is
    /// taken, and an orchestrator asking /readyz is told why (the process itself is still alive).
    @Test func aFailedLogSyncTakesTheServerOutOfReadiness() throws {
        let disk = FailingDisk()
        let app = try TestApp(syncLog: disk.sync)
        let client = try app.client()
        #expect(try client.request("POST", "/arrays", body: #"{"name":"f","size":1}"#).status == 201)
        #expect(try client.request("PUT", "/arrays/f/registers/0", body: #"{"value":1}"#).status == 200)
        #expect(try client.request("GET", "/readyz").status == 200)

        disk.fail()
        let write = try client.request("PUT", "/arrays/f/registers/0", body: #"{"value":2}"#)
        #expect(write.status == 500)
        #expect(write.header("Content-Type") == "application/problem+json")
        #expect(try client.request("GET", "/arrays/f/registers/0").status == 500, "the store takes nothing more")
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(ready.object["status"] as? String == "unavailable")
        #expect((ready.object["database"] as? String)?.contains("sync") == true, "\(ready.text)")
        #expect(try client.request("GET", "/livez").status == 200)
    }
}
