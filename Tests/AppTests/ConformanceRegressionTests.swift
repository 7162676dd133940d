@testable import App
import Foundation
import TestSupport
import Testing

/// Responses that did not match Public/openapi.json, found by schemathesis
/// (`scripts/api-conformance.sh`), kept fixed.
@Suite struct ConformanceRegressionTests {
    /// RFC 9457: `instance` is a URI reference, so the decoded path is encoded again.
    @Test func problemInstanceIsAURIReference() throws {
        let app = try TestApp()
        let response = try app.client().request("GET", "/arrays/a%20b%0B%C3%A9%25/history")
        #expect(response.status == 404)
        #expect(response.object["instance"] as? String == "/arrays/a%20b%0B%C3%A9%25/history")
        #expect(response.object["detail"] as? String == "no array named 'a b\u{0B}é%'; create it with POST /arrays")
        let plain = try app.client().request("GET", "/arrays/demo:1@x+y")
        #expect(plain.object["instance"] as? String == "/arrays/demo:1@x+y")
    }

    /// An operation whose array is deleted while it is in flight is 404, not a database error (500).
    @Test(arguments: ["GET", "PUT"]) func anOperationOnAnArrayDeletedMeanwhileIs404(method: String) throws {
        let gated = GatedReplicationBox()
        let app = try TestApp(makeReplication: { _, values in gated.make(values) })
        let setup = try app.client()
        #expect(try setup.request("POST", "/arrays", body: #"{"name":"gone","size":1}"#).status == 201)
        let inFlight = try app.client()
        let body = method == "PUT" ? #"{"value":1}"# : ""
        try inFlight.send(Array("\(method) /arrays/gone/registers/0?process=p HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
        try #require(gated.waitForEntry(), "the operation reached the replicas")
        #expect(try setup.request("DELETE", "/arrays/gone").status == 204)
        gated.release(times: 1)
        let response = try inFlight.readResponse()
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect((response.object["detail"] as? String)?.contains("deleted") == true)
    }
}
