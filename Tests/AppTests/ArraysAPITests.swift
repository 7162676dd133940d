@testable import App
import Foundation
import Histories
import TestSupport
import Testing

@Suite struct ArraysAPITests {
    @Test func creatingAnArrayTwiceIsAConflict() throws {
        let app = try TestApp()
        let client = try app.client()
        #expect(try client.request("POST", "/arrays", body: #"{"name":"a","size":2}"#).status == 201)
        let again = try client.request("POST", "/arrays", body: #"{"name":"a","size":3}"#)
        #expect(again.status == 409)
        #expect(again.header("Content-Type") == "application/problem+json")
        #expect(try client.request("GET", "/arrays/a").object["size"] as? Int == 2)
    }

    @Test(arguments: [
        (#"{"name":"x","size":0}"#, "/size"),
        (#"{"name":"x","size":2.5}"#, "/size"),
        (#"{"name":"x y","size":2}"#, "/name"),
        (#"{"name":"..","size":2}"#, "/name"),
        (#"{"size":2}"#, "/name"),
        (#"{"name":"x","size":2,"semantics":"strong"}"#, "/semantics"),
        (#"{"name":"x","size":2,"replicas":10}"#, "/replicas"),
        (#"{"name":"x","size":2,"colour":"red"}"#, "/colour"),
        (#"[1,2]"#, ""),
    ])
    func aWrongCreationBodyNamesTheFieldAndChangesNothing(body: String, pointer: String) throws {
        let app = try TestApp()
        let client = try app.client()
        let response = try client.request("POST", "/arrays", body: body)
        #expect(response.status == 400)
        #expect(response.object["pointer"] as? String == pointer)
        #expect((response.object["example"] as? String)?.hasPrefix("curl") == true)
        #expect((try client.request("GET", "/arrays").object["arrays"] as? [Any])?.count == 0)
    }

    @Test func malformedJSONSaysWhere() throws {
        let app = try TestApp()
        let response = try app.client().request("POST", "/arrays", body: "{\"name\": \"a\",\n \"size\" 4}")
        #expect(response.status == 400)
        #expect((response.object["detail"] as? String)?.contains("line 2") == true)
    }

    @Test func listsArePagedWithACursorAndALinkHeader() throws {
        let app = try TestApp()
        let client = try app.client()
        for name in ["c", "a", "e", "b", "d"] {
            #expect(try client.request("POST", "/arrays", body: #"{"name":"\#(name)","size":1}"#).status == 201)
        }
        let first = try client.request("GET", "/arrays?limit=2")
        #expect((first.object["arrays"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a", "b"])
        #expect(first.object["next"] as? String == "b")
        #expect(first.header("Link") == #"</arrays?after=b&limit=2>; rel="next""#)
        let last = try client.request("GET", "/arrays?limit=2&after=d")
        #expect((last.object["arrays"] as? [[String: Any]])?.map { $0["name"] as? String } == ["e"])
        #expect(last.object["next"] is NSNull)
        #expect(last.header("Link") == nil)
    }

    @Test func deletingAnArrayRemovesItAndItsHistory() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"gone","size":1}"#)
        _ = try client.request("PUT", "/arrays/gone/registers/0", body: #"{"value":1}"#)
        #expect(try client.request("DELETE", "/arrays/gone").status == 204)
        #expect(try client.request("GET", "/arrays/gone").status == 404)
        #expect(try client.request("GET", "/arrays/gone/history").status == 404)
        #expect(try client.request("DELETE", "/arrays/gone").status == 404)
        _ = try client.request("POST", "/arrays", body: #"{"name":"gone","size":1}"#)
        let history = try client.request("GET", "/arrays/gone/history")
        #expect((history.object["operations"] as? [Any])?.isEmpty == true)
        #expect(try client.request("GET", "/arrays/gone/registers/0").object["value"] is NSNull)
    }

    @Test func describeCountsOperations() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"d","size":3,"semantics":"regular","replicas":1}"#)
        _ = try client.request("PUT", "/arrays/d/registers/0", body: #"{"value":true}"#)
        _ = try client.request("GET", "/arrays/d/registers/0")
        let described = try client.request("GET", "/arrays/d").object
        #expect(described["operations"] as? Int == 2)
        #expect(described["semantics"] as? String == "regular")
        #expect((described["replicaStates"] as? [[String: Any]])?.first?["state"] as? String == "up")
    }
}
