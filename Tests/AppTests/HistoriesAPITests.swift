@testable import App
import Foundation
import TestSupport
import Testing

@Suite struct HistoriesAPITests {
    func file(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestApp.sharedData.appendingPathComponent(path)))
    }

    @Test func aJepsenHistoryIsCheckedStoredAndServed() throws {
        let app = try TestApp()
        let client = try app.client()
        let submitted = try client.request(
            "POST", "/histories", bytes: try file("knossos/cas-register/bad/cas-failure.edn"), headers: [("Content-Type", "application/edn")])
        #expect(submitted.status == 201)
        let location = try #require(submitted.header("Location"))
        let verdict = try #require(submitted.object["verdict"] as? [String: Any])
        #expect(verdict["consistency"] as? String == "none")
        #expect(submitted.object["model"] as? String == "cas-register")

        let stored = try client.request("GET", location)
        #expect(stored.status == 200)
        #expect(((stored.object["history"] as? [String: Any])?["operations"] as? [Any])?.count == submitted.object["operations"] as? Int)
        #expect((stored.object["verdict"] as? [String: Any])?["consistency"] as? String == "none")
        let alone = try client.request("GET", location + "/verdict")
        #expect(alone.object["consistency"] as? String == "none")
        #expect(((alone.object["registers"] as? [[String: Any]])?.first?["violations"] as? [Any])?.isEmpty == false)

        #expect(try client.request("DELETE", location).status == 204)
        #expect(try client.request("GET", location).status == 404)
        #expect(try client.request("GET", location + "/verdict").status == 404)
    }

    @Test func aBadHistoryNamesTheOperationAndFieldAndStoresNothing() throws {
        let app = try TestApp()
        let client = try app.client()
        let body = #"{"operations":[{"process":"a","kind":"write","value":1,"invoke":1,"complete":2},{"process":"b","kind":"reed","invoke":3,"complete":4}]}"#
        let response = try client.request("POST", "/histories", body: body)
        #expect(response.status == 422)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.object["operation"] as? Int == 1)
        #expect(response.object["field"] as? String == "kind")
        let unparseable = try client.request("POST", "/histories", body: #"{"operations":[}"#)
        #expect(unparseable.status == 400)
        #expect(unparseable.object["line"] as? Int == 1)
        #expect(try client.request("POST", "/histories", body: "neither").status == 400)
        #expect((try client.request("GET", "/histories").object["histories"] as? [Any])?.isEmpty == true)
    }

    @Test func historiesAreListedNewestFirstInPages() throws {
        let app = try TestApp()
        let client = try app.client()
        var ids: [Int] = []
        for index in 0..<5 {
            let body = #"{"name":"h\#(index)","operations":[{"process":"a","kind":"write","value":\#(index),"invoke":1,"complete":2}]}"#
            ids.append(try #require(try client.request("POST", "/histories", body: body).object["id"] as? Int))
        }
        var seen: [Int] = []
        var target = "/histories?limit=2"
        var pages = 0
        while true {
            let page = try client.request("GET", target)
            pages += 1
            seen += (page.object["histories"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            guard let next = page.object["next"] as? Int else {
                #expect(page.header("Link") == nil)
                break
            }
            #expect(page.header("Link") == "</histories?after=\(next)&limit=2>; rel=\"next\"")
            target = "/histories?after=\(next)&limit=2"
        }
        #expect(pages == 3)
        #expect(seen == ids.reversed())
    }

    @Test func aHistoryTooBigForTheRequestIsCheckedInTheBackground() throws {
        var budgets = HistoryService.Budgets()
        budgets.requestOperations = 1
        let app = try TestApp(historyBudgets: budgets)
        let client = try app.client()
        let response = try client.request(
            "POST", "/histories", bytes: try file("register/knossos-derived/good/memstress3-0.edn.json"))
        #expect(response.status == 202)
        #expect((response.object["verdict"] as? [String: Any])?["consistency"] as? String == "pending")
        let location = try #require(response.header("Location"))
        var consistency = "pending"
        for _ in 0..<200 where consistency == "pending" {
            usleep(25_000)
            consistency = try client.request("GET", location + "/verdict").object["consistency"] as? String ?? "?"
        }
        #expect(consistency == "atomic")
    }

    @Test func aCheckInterruptedByARestartIsRedone() throws {
        var budgets = HistoryService.Budgets()
        budgets.requestOperations = 1
        let database: String
        let location: String
        do {
            // The background queue never gets to it: shutdown comes first.
            let app = try TestApp(historyBudgets: budgets)
            database = app.databasePath
            app.application.stopBackgroundChecks()
            let response = try app.client().request(
                "POST", "/histories", bytes: try file("register/knossos-derived/good/memstress3-0.edn.json"))
            #expect(response.status == 202)
            location = try #require(response.header("Location"))
        }
        let app = try TestApp(databasePath: database)
        let client = try app.client()
        var consistency = "pending"
        for _ in 0..<200 where consistency == "pending" {
            usleep(25_000)
            consistency = try client.request("GET", location + "/verdict").object["consistency"] as? String ?? "?"
        }
        #expect(consistency == "atomic")
    }

    @Test func theUploadFormRedirectsToTheTimeline() throws {
        let app = try TestApp()
        let client = try app.client()
        let boundary = "----registrar-test"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nedn\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bug.edn\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += try file("knossos/cas-register/good/cas-register-bug.edn")
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let response = try client.request(
            "POST", "/histories", bytes: body, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
        #expect(response.status == 303)
        let location = try #require(response.header("Location"))
        #expect(location.hasSuffix("/timeline"))
        let page = try client.request("GET", location)
        #expect(page.status == 200)
        #expect(page.text.contains("bug.edn"))
    }
}
