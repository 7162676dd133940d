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

}
