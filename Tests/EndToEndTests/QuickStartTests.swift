import Foundation
import TestSupport
import Glibc
import Testing

/// The README's walk-through, against the real binary.
@Suite(.serialized) struct QuickStartTests {
    @Test func walkThroughFromTheReadme() throws {
        let server = try ServerProcess(databasePath: ServerProcess.temporaryDatabase())
        let client = try TestClient(port: server.port)

        let created = try client.request("POST", "/arrays", body: #"{"name":"demo","size":4,"semantics":"atomic","replicas":1}"#)
        #expect(created.status == 201)
        #expect(created.header("Location") == "/arrays/demo")

        let written = try client.request("PUT", "/arrays/demo/registers/2?process=alice", body: #"{"value":"hello"}"#)
        #expect(written.status == 200)
        let writtenJSON = try #require(written.json as? [String: Any])
        #expect(writtenJSON["value"] as? String == "hello")
        #expect(writtenJSON["index"] as? Int == 2)

        let read = try client.request("GET", "/arrays/demo/registers/2?process=bob")
        #expect(read.status == 200)
        #expect((read.json as? [String: Any])?["value"] as? String == "hello")

        let history = try client.request("GET", "/arrays/demo/history")
        #expect(history.status == 200)
        let document = try #require(history.json as? [String: Any])
        let operations = try #require(document["operations"] as? [[String: Any]])
        #expect(operations.count == 2)
        #expect(operations.map { $0["kind"] as? String } == ["write", "read"])
        #expect(operations.map { $0["process"] as? String } == ["alice", "bob"])
        #expect(operations.allSatisfy { $0["status"] as? String == "ok" })
        let writeOp = operations[0], readOp = operations[1]
        #expect((writeOp["invoke"] as? Int ?? 0) <= (writeOp["complete"] as? Int ?? -1))
        #expect((writeOp["complete"] as? Int ?? 0) < (readOp["invoke"] as? Int ?? -1))
        #expect(server.stop(signal: SIGTERM) == 0)
    }

    @Test func valuesAndHistoriesSurviveARestart() throws {
        let database = ServerProcess.temporaryDatabase()
        var lastTime = 0
        do {
            let server = try ServerProcess(databasePath: database)
            let client = try TestClient(port: server.port)
            _ = try client.request("POST", "/arrays", body: #"{"name":"keep","size":2,"replicas":1}"#)
            _ = try client.request("PUT", "/arrays/keep/registers/1?process=p", body: #"{"value":12345678901234567890123}"#)
            let history = try client.request("GET", "/arrays/keep/history")
            let operations = (history.json as? [String: Any])?["operations"] as? [[String: Any]] ?? []
            lastTime = operations.last?["complete"] as? Int ?? 0
            #expect(server.stop(signal: SIGTERM) == 0)
        }
        let server = try ServerProcess(databasePath: database)
        let client = try TestClient(port: server.port)
        let read = try client.request("GET", "/arrays/keep/registers/1?process=q")
        #expect(read.text.contains("12345678901234567890123"))
        let history = try client.request("GET", "/arrays/keep/history")
        let operations = try #require((history.json as? [String: Any])?["operations"] as? [[String: Any]])
        #expect(operations.count == 2)
        // Times keep increasing across the restart, so the write still precedes the read.
        #expect((operations[1]["invoke"] as? Int ?? 0) > lastTime)
    }

    @Test func aBadBodyIsAnsweredWithAProblemThatShowsAWorkingRequest() throws {
        let server = try ServerProcess(databasePath: ServerProcess.temporaryDatabase())
        let client = try TestClient(port: server.port)
        let response = try client.request("POST", "/arrays", body: #"{"name":"demo","size":"four"}"#)
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
        let problem = try #require(response.json as? [String: Any])
        #expect(problem["pointer"] as? String == "/size")
        #expect((problem["example"] as? String)?.contains("curl") == true)
        let list = try client.request("GET", "/arrays")
        #expect(((list.json as? [String: Any])?["arrays"] as? [Any])?.isEmpty == true)
    }

    @Test func aNewerDatabaseSchemaIsRefusedAndLeftUntouched() throws {
        let database = ServerProcess.temporaryDatabase()
        do {
            let server = try ServerProcess(databasePath: database)
            #expect(server.stop() == 0)
        }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [database, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', 0)"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(throws: ServerProcessError.self) { _ = try ServerProcess(databasePath: database) }
        let after = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(before == after)
    }
}
