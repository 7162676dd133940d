import Foundation
import HTTP
import HTTPServer
import Testing
import TestSupport

@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            for _ in 0..<3 {
                client.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200 && response.text == "ok")
                #expect(response.header("Connection") == nil)
                #expect(response.header("Date")?.hasSuffix(" GMT") == true)
                #expect(response.header("Content-Length") == "2")
            }
            client.send("GET /info HTTP/1.1\r\nHost: x\r\n\r\nGET /info HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == client.readResponse().text)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderEvenWhenAnsweredLaterFromOtherThreads() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send("GET /slow?ms=60&id=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /slow?ms=20&id=2 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /slow?ms=0&id=3 HTTP/1.1\r\nHost: x\r\n\r\n")
            let bodies = try (0..<3).map { _ in try client.readResponse().text }
            #expect(bodies == ["1", "2", "3"])
        }
    }

    /// A responder may hold answers until the loop has handled its events; when answering lets
    /// more requests in, the loop polls and asks again at once instead of sleeping (up to a second).
    @Test func answersHeldUntilEventsAreHandledGoOutWithoutWaiting() async throws {
        try await withServer(eventLoops: 1) { _, port in
            let client = try TestClient(port: port)
            let started = ContinuousClock.now
            client.send((0..<20).map { "GET /batched?id=\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            let bodies = try (0..<20).map { _ in try client.readResponse().text }
            #expect(bodies == (0..<20).map(String.init))
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    /// Answers given together from another thread wake each loop once, after the last of them:
    /// every one still goes out, on connections spread over both loops.
    @Test func answersGivenTogetherFromAnotherThreadAllGoOut() async throws {
        try await withServer(eventLoops: 2) { _, port in
            let clients = try (0..<8).map { _ in try TestClient(port: port) }
            let started = ContinuousClock.now
            for (index, client) in clients.enumerated() {
                client.send("GET /gathered?id=\(index)&of=8 HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            let bodies = try clients.map { try $0.readResponse().text }
            #expect(bodies == (0..<8).map(String.init))
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test func chunkedBodyIsDechunked() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send("POST /arrays HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;a=b\r\n{\r\n3\r\n\"a\"\r\n")
            client.send("2\r\n:1\r\n1\r\n}\r\n0\r\nX-T: y\r\n\r\n")
            #expect(try client.readResponse().status == 201)
            client.send("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]")
            #expect(try client.readResponse().status == 400)
        }
    }

    @Test func expectContinueGetsAnInterimResponseBeforeTheBody() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            client.send("{\"a\":1}")
            #expect(try client.readResponse().status == 201)
        }
    }

    @Test func limitsAnswer413And414And431ThenClose() async throws {
        let limits = Limits(requestLine: 100, headerSection: 200, headerCount: 5, body: 10)
        try await withServer(limits: limits) { _, port in
            let cases: [(String, Int)] = [
                ("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", 413),
                ("POST /arrays HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{\"a\":1\r\n6\r\n", 413),
                ("GET /" + String(repeating: "a", count: 200) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 300) + "\r\n\r\n", 431),
                ("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "A: 1\r\n", count: 6) + "\r\n", 431),
            ]
            for (wire, status) in cases {
                let client = try TestClient(port: port)
                client.send(wire)
                let response = try client.readResponse()
                #expect(response.status == status, "\(wire.prefix(40))")
                #expect(response.header("Connection") == "close")
                #expect(response.header("Content-Type") == "application/problem+json")
                #expect(client.isClosedByServer())
            }
        }
    }

    @Test func slowHeadersGet408AndIdleConnectionsAreClosed() async throws {
        let limits = Limits(headerDeadline: 0.3, idleTimeout: 0.4)
        try await withServer(limits: limits) { _, port in
            let slow = try TestClient(port: port)
            slow.send("GET /livez HTTP/1.1\r\nHo")
            let response = try slow.readResponse()
            #expect(response.status == 408 && response.header("Connection") == "close")
            #expect(slow.isClosedByServer())

            let idle = try TestClient(port: port)
            idle.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try idle.readResponse().status == 200)
            let start = Date()
            #expect(idle.isClosedByServer())
            #expect(Date().timeIntervalSince(start) > 0.2)
        }
    }

    /// Hundreds of slow clients that expire together are ended a few dozen at a time, the loop
    /// coming back at once for the rest rather than a sweep interval later, and a normal client
    /// is answered meanwhile.
    @Test func manySlowHeadersExpiringTogetherAreAllEndedPromptly() async throws {
        let limits = Limits(headerDeadline: 0.25, idleTimeout: 5)
        try await withServer(limits: limits, eventLoops: 1) { _, port in
            let slow = try (0..<600).map { _ in try TestClient(port: port, timeout: 10) }
            for client in slow { client.send("GET /livez HTTP/1.1\r\nHo") }
            let sent = ContinuousClock.now
            let statuses = try slow.map { try $0.readResponse().status }
            // A budget of 32 per sweep: 19 sweeps. At one per sweep interval (a quarter of the
            // deadline) they would take 1.2 s after the deadline.
            #expect(ContinuousClock.now - sent < .seconds(0.8))
            #expect(statuses.allSatisfy { $0 == 408 })
            let normal = try TestClient(port: port)
            normal.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try normal.readResponse().status == 200)
        }
    }

    /// Slow requests are handled a few dozen per turn of the loop; the rest wait a turn, not for
    /// ever: hundreds of bodies dribbled together all complete, and a whole request in between is
    /// answered.
    @Test func manyDribbledBodiesAllCompleteBesideAWholeRequest() async throws {
        // Deadlines far away: on a machine busy with the rest of the suite, the dribbling alone can
        // take longer than the default 20 s for a body, and 408s are not what this is about.
        try await withServer(limits: Limits(bodyDeadline: 600), eventLoops: 1) { _, port in
            let body = #"{"a":1}"#
            let slow = try (0..<200).map { _ in try TestClient(port: port, timeout: 10) }
            for client in slow { client.send("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n") }
            try await Task.sleep(for: .milliseconds(120))  // past the 50 ms after which a request counts as slow
            for byte in body.utf8.dropLast() {
                for client in slow { client.send([byte]) }
                try await Task.sleep(for: .milliseconds(10))
            }
            for client in slow { client.send([body.utf8.last!]) }
            let normal = try TestClient(port: port)
            normal.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try normal.readResponse().status == 200)
            let statuses = try slow.map { try $0.readResponse().status }
            #expect(statuses.allSatisfy { $0 == 201 }, "statuses: \(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
        }
    }

    @Test func aBodyDribbledSlowerThanTheMinimumRateGets408() async throws {
        let limits = Limits(bodyDeadline: 0.3, minimumBodyRate: 20)
        try await withServer(limits: limits) { _, port in
            let slow = try TestClient(port: port)
            slow.send("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
            let start = Date()
            // A byte every 100 ms (10 bytes a second) never goes quiet, but is under the rate.
            var answered = false
            for _ in 0..<30 where !answered {
                usleep(100_000)
                slow.send("a")
                answered = slow.hasPendingInput()
            }
            let response = try slow.readResponse()
            #expect(response.status == 408 && response.header("Connection") == "close")
            #expect(Date().timeIntervalSince(start) < 2.5)

            // A body that keeps up is served.
            let fast = try TestClient(port: port)
            fast.send("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            #expect(try fast.readResponse().status == 201)
        }
    }

    @Test func connectionsPastTheMaximumGet503AndClose() async throws {
        try await withServer(limits: Limits(maxConnections: 2)) { server, port in
            let first = try TestClient(port: port), second = try TestClient(port: port)
            for client in [first, second] {
                client.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            #expect(server.openConnections == 2)
            let third = try TestClient(port: port)
            third.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            let refused = try third.readResponse()
            #expect(refused.status == 503 && refused.header("Connection") == "close")
            #expect(third.isClosedByServer())
            // A freed slot is usable again.
            first.send("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            #expect(first.isClosedByServer())
            first.closeNow()
            usleep(100_000)  // blocking on purpose: the cooperative pool may be held up by other tests
            #expect(server.openConnections == 1)
            let fourth = try TestClient(port: port)
            fourth.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try fourth.readResponse().status == 200)
        }
    }

    @Test func headHasTheHeadersOfGetButNoBody() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send("HEAD /livez HTTP/1.1\r\nHost: x\r\n\r\nGET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.status == 200 && head.header("Content-Length") == "2" && head.body.isEmpty)
            let get = try client.readResponse()
            #expect(get.status == 200 && get.text == "ok")
        }
    }

    @Test func unknownRoutesAre404AndWrongMethods405WithAllow() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 404)
            client.send("DELETE /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 405 && response.header("Allow") == "GET, HEAD")
            client.send("PUT /items/a%20b?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            #expect(try client.readResponse().text == "a b")
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send("GET /livez HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200 && response.header("Connection") == "keep-alive")
            client.send("GET /livez HTTP/1.0\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func gracefulShutdownFinishesTheRequestInFlight() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 2)
        let server = HTTPServer(configuration: configuration, responder: TestResponder())
        let port = try server.start()
        let busy = try TestClient(port: port)
        let idle = try TestClient(port: port)
        idle.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        busy.send("GET /slow?ms=500&id=late HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(50_000)  // blocking on purpose: the cooperative pool may be held up by other tests
        let start = Date()
        // On a Dispatch thread: the cooperative pool may be busy with other tests.
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) { server.shutdown() }
        #expect(idle.isClosedByServer())
        let response = try busy.readResponse()
        #expect(response.text == "late" && response.header("Connection") == "close")
        #expect(busy.isClosedByServer())
        done.wait()
        #expect(Date().timeIntervalSince(start) > 0.2)
        #expect(server.openConnections == 0)
        #expect(throws: (any Error).self) { try TestClient(port: port) }
    }

    @Test(arguments: [7, 1234])
    func randomGarbageOnManyConnectionsNeverBreaksTheServer(seed: Int) async throws {
        try await withServer { _, port in
            var generator = SeededRandom(seed: UInt64(seed))
            var clients: [TestClient] = []
            for index in 0..<40 {
                let client = try TestClient(port: port, timeout: 2)
                var garbage = (0..<Int(generator.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                if index % 3 == 0 { garbage = Array("POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n".utf8) + garbage }
                client.send(garbage)
                clients.append(client)
            }
            for (index, client) in clients.enumerated() where index % 2 == 0 {
                _ = try? client.readResponse()  // an answer or a close; never a crash
            }
            clients.removeAll()
            let client = try TestClient(port: port)
            client.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200, "seed \(seed)")
        }
    }
}

