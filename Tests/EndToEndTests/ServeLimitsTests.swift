import Foundation
import TestSupport
import Testing

/// `registrar serve --max-connections --header-deadline --idle-timeout` reach the server's limits.
@Suite(.serialized) struct ServeLimitsTests {
    @Test func connectionLimitAndHeaderDeadlineFlagsAreEnforced() async throws {
        let server = try await blocking {
            try ServerProcess(databasePath: ServerProcess.temporaryDatabase(),
                              extraArguments: ["--max-connections", "2", "--header-deadline", "1", "--idle-timeout", "5"])
        }
        try await blocking {
            let first = try TestClient(port: server.port), second = try TestClient(port: server.port)
            #expect(try first.request("GET", "/livez").status == 200)
            #expect(try second.request("GET", "/livez").status == 200)
            let third = try TestClient(port: server.port)
            let refused = try third.request("GET", "/livez")
            #expect(refused.status == 503 && refused.header("Connection") == "close")

            // A head that never ends is answered 408 once the 1 s deadline has passed.
            let started = Date()
            try first.send(Array("GET /livez HTTP/1.1\r\nHost: x\r\n".utf8))
            let late = try first.readResponse()
            #expect(late.status == 408)
            #expect(Date().timeIntervalSince(started) < 4)
        }
        #expect(server.stop() == 0)
    }

    @Test func nonPositiveLimitsAreRefused() async throws {
        for flag in ["--max-connections", "--header-deadline", "--idle-timeout"] {
            let run = try await blocking { try WorkloadCommandTests.runBinary(["serve", "--port", "0", flag, "0"]) }
            #expect(run.status == 64, "\(flag)")
            #expect(run.errors.contains("\(flag) must be positive"))
        }
    }
}
