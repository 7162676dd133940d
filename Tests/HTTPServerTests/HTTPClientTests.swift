import Foundation
import Glibc
import HTTP
import HTTPServer
import Testing

/// `HTTPClient` against the project's own server, and against a raw fake server that misbehaves
/// on purpose.
@Suite struct HTTPClientTests {
    func get(_ target: String) -> HTTPRequest { HTTPRequest(method: .get, target: target) }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func keepAliveReusesOneConnectionWithTheRealServer() async throws {
        try await withServer { _, port in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            let first = try client.send(get("/info"))
            let second = try client.send(get("/info"))
            #expect(first.status == .ok && text(first) == text(second))
            let created = try client.send(HTTPRequest(method: .post, target: "/arrays", body: Array(#"{"a":1}"#.utf8)))
            #expect(created.status == .created)
            let put = try client.send(HTTPRequest(method: .put, target: "/items/x%20y"))
            #expect(text(put) == "x y")
            let slow = try client.send(get("/slow?ms=50&id=late"))
            #expect(text(slow) == "late")
            #expect(try client.send(get("/nowhere")).status == .notFound)
            #expect(client.connectionsOpened == 1)
            #expect(text(try client.send(get("/info"))) == text(first))
        }
    }

    @Test func localhostResolvesToIPv4() async throws {
        try await withServer { _, port in
            let client = HTTPClient(host: "localhost", port: port)
            let response = try client.send(get("/livez"))
            #expect(response.status == .ok)
        }
    }

    @Test func reconnectsWhenTheRealServerClosedAnIdleConnection() async throws {
        try await withServer(limits: Limits(idleTimeout: 0.2)) { _, port in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            let first = try client.send(get("/info"))
            try await Task.sleep(for: .milliseconds(600))
            let second = try client.send(get("/info"))
            #expect(second.status == .ok)
            #expect(text(first) != text(second))
            #expect(client.connectionsOpened == 2)
        }
    }

    @Test func fakeServerKeepAliveIsReused() throws {
        let server = try FakeServer { _, connection in
            var served = 0
            while let request = connection.readRequest() {
                served += 1
                let body = "\(request.target) #\(served) host=\(request.headers["host"] ?? "")"
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            }
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(text(try client.send(get("/a"))) == "/a #1 host=127.0.0.1:\(server.port)")
        #expect(text(try client.send(get("/b"))) == "/b #2 host=127.0.0.1:\(server.port)")
        #expect(client.connectionsOpened == 1)
        client.close()
        #expect(server.connectionsAccepted == 1)
    }

    @Test func reconnectsAfterTheServerClosesAnIdleConnection() throws {
        // Each connection serves one request, then the server closes it while the client is idle.
        let server = try FakeServer { index, connection in
            guard connection.readRequest() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)")
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(text(try client.send(get("/"))) == "0")
        Thread.sleep(forTimeInterval: 0.1)
        #expect(text(try client.send(get("/"))) == "1")
        Thread.sleep(forTimeInterval: 0.1)
        #expect(text(try client.send(HTTPRequest(method: .post, target: "/"))) == "2")
        #expect(client.connectionsOpened == 3)
    }

    @Test func retriesAnIdempotentRequestOnceWhenAReusedConnectionClosesBeforeAnswering() throws {
        // Connection 0 answers one request, then reads the next and closes without a byte.
        let server = try FakeServer { index, connection in
            guard connection.readRequest() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)")
            if index == 0 || index == 2 { _ = connection.readRequest() }
            else { connection.waitForClientToClose() }
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(text(try client.send(get("/"))) == "0")
        // The GET is sent on connection 0, which closes: it is sent again on connection 1.
        #expect(text(try client.send(HTTPRequest(method: .put, target: "/r", body: [1]))) == "1")
        #expect(client.connectionsOpened == 2)
        client.close()
        #expect(text(try client.send(get("/"))) == "2")
        // A POST is never sent twice.
        #expect(throws: ClientError.closed("before the response began")) {
            try client.send(HTTPRequest(method: .post, target: "/p"))
        }
        #expect(client.connectionsOpened == 3)
    }

    @Test func timesOutOnAServerThatNeverAnswers() throws {
        let server = try FakeServer { _, connection in
            _ = connection.readRequest()
            connection.waitForClientToClose()
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port, requestTimeout: 0.3)
        let start = Date()
        #expect(throws: ClientError.responseTimeout(seconds: 0.3)) { try client.send(get("/")) }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.3 && elapsed < 2, "\(elapsed)")
        #expect(!client.isConnected)
    }

    @Test func readsChunkedResponsesArrivingInPieces() throws {
        let server = try FakeServer { _, connection in
            while connection.readRequest() != nil {
                connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhel")
                Thread.sleep(forTimeInterval: 0.02)
                connection.write("lo\r\n1\r\n,\r\n")
                Thread.sleep(forTimeInterval: 0.02)
                connection.write("6\r\n world\r\n0\r\nTrailer: t\r\n\r\n")
            }
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(text(try client.send(get("/"))) == "hello, world")
        #expect(text(try client.send(get("/"))) == "hello, world")
        #expect(client.connectionsOpened == 1)
    }

    @Test func aBodyUntilCloseEndsTheConnection() throws {
        let server = try FakeServer { _, connection in
            guard connection.readRequest() != nil else { return }
            connection.write("HTTP/1.0 200 OK\r\n\r\nuntil the end")
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(text(try client.send(get("/"))) == "until the end")
        #expect(!client.isConnected)
    }

    @Test func aResponseCutShortOrMalformedIsAnError() throws {
        let server = try FakeServer { index, connection in
            guard connection.readRequest() != nil else { return }
            connection.write(index == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc" : "HTTP/1.1 2xx OK\r\n\r\n")
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(throws: ClientError.closed("connection closed after 3 of 10 body bytes")) { try client.send(get("/")) }
        #expect(throws: ClientError.malformedResponse(HTTPResponseParseError("invalid status code"))) {
            try client.send(get("/"))
        }
    }

    @Test func connectionRefusedNamesTheSyscallAndErrno() throws {
        // A port that was free a moment ago: nothing listens there.
        let server = try FakeServer { _, _ in }
        let port = server.port
        server.stop()
        let client = HTTPClient(host: "127.0.0.1", port: port)
        #expect(throws: ClientError.socket(SocketError("connect", errno: ECONNREFUSED))) { try client.send(get("/")) }
    }
}
