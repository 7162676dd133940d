@testable import App
import Foundation
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
}
