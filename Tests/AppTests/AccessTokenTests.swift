@testable import App
import Foundation
import TestSupport
import Testing

@Suite struct AccessTokenTests {
    @Test func withATokenChangesNeedItAndReadsDoNot() throws {
        let app = try TestApp(token: "s3cret")
        let client = try app.client()
        let refused = try client.request("POST", "/arrays", body: #"{"name":"t","size":1}"#)
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate") == #"Bearer realm="registrar""#)
        #expect(try client.request("POST", "/arrays", body: #"{"name":"t","size":1}"#,
                                   headers: [("Authorization", "Bearer wrong")]).status == 401)
        #expect(try client.request("POST", "/arrays", body: #"{"name":"t","size":1}"#,
                                   headers: [("Authorization", "Bearer s3cret0")]).status == 401)
        #expect(try client.request("POST", "/arrays", body: #"{"name":"t","size":1}"#,
                                   headers: [("Authorization", "Bearer s3cret")]).status == 201)
        // Nothing was created by the refused requests, and reads need no token.
        let list = try client.request("GET", "/arrays")
        #expect(list.status == 200)
        #expect((list.object["arrays"] as? [Any])?.count == 1)
        #expect(try client.request("DELETE", "/arrays/t").status == 401)
        #expect(try client.request("GET", "/arrays/t").status == 200)
    }

    @Test func withoutATokenEverythingIsOpen() throws {
        let app = try TestApp()
        #expect(try app.client().request("POST", "/arrays", body: #"{"name":"o","size":1}"#).status == 201)
    }

    @Test func comparisonIsExact() {
        let secret = Array("abc".utf8)
        #expect(AccessToken.constantTimeEquals(Array("abc".utf8), secret))
        #expect(!AccessToken.constantTimeEquals(Array("abd".utf8), secret))
        #expect(!AccessToken.constantTimeEquals(Array("ab".utf8), secret))
        #expect(!AccessToken.constantTimeEquals(Array("abcd".utf8), secret))
        #expect(!AccessToken.constantTimeEquals([], secret))
        // A length 256 longer must not wrap around to a match.
        #expect(!AccessToken.constantTimeEquals(secret + [UInt8](repeating: 0, count: 256), secret))
    }
}
