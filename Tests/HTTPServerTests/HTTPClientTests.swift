import TestSupport
import Foundation
import Glibc
import HTTP
import HTTPServer
import Testing

/// `HTTPClient` against the project's own server, and against a raw fake server that misbehaves
/// on purpose. Every blocking call runs through `blocking`, off the threads the other tests share.
@Suite struct HTTPClientTests {
    static func get(_ target: String) -> HTTPRequest { HTTPRequest(method: .get, target: target) }

    static func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// Sends each request in turn on `client`; the bodies as text.
    func texts(_ client: HTTPClient, _ requests: [HTTPRequest]) async throws -> [String] {
        try await blocking(client) { client in try requests.map { Self.text(try client.send($0)) } }
    }

    func send(_ client: HTTPClient, _ request: HTTPRequest) async throws -> HTTPResponse {
        try await blocking(client) { try $0.send(request) }
    }

    func opened(_ client: HTTPClient) async throws -> Int { try await blocking(client) { $0.connectionsOpened } }

    @Test func keepAliveReusesOneConnectionWithTheRealServer() async throws {
        try await withServer { _, port in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            let statuses = try await blocking(client) { client in
                try [
                    client.send(Self.get("/info")),
                    client.send(HTTPRequest(method: .post, target: "/arrays", body: Array(#"{"a":1}"#.utf8))),
                    client.send(HTTPRequest(method: .put, target: "/items/x%20y")),
                    client.send(Self.get("/slow?ms=50&id=late")),
                    client.send(Self.get("/nowhere")),
                    client.send(Self.get("/info")),
                ].map { ($0.status.rawValue, Self.text($0)) }
            }
            #expect(statuses.map(\.0) == [200, 201, 200, 200, 404, 200])
            #expect(statuses[2].1 == "x y" && statuses[3].1 == "late")
            #expect(statuses[0].1 == statuses[5].1)
            #expect(try await opened(client) == 1)
        }
    }

    @Test func localhostResolvesToIPv4() async throws {
        try await withServer { _, port in
            let response = try await send(HTTPClient(host: "localhost", port: port), Self.get("/livez"))
            #expect(response.status == .ok)
        }
    }

    @Test func reconnectsWhenTheRealServerClosedAnIdleConnection() async throws {
        try await withServer(limits: Limits(idleTimeout: 0.2)) { _, port in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            let first = try await texts(client, [Self.get("/info")])
            try await Task.sleep(for: .milliseconds(600))
            let second = try await texts(client, [Self.get("/info")])
            #expect(first != second)
            #expect(try await opened(client) == 2)
        }
    }

    @Test func fakeServerKeepAliveIsReused() async throws {
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
        #expect(try await texts(client, [Self.get("/a"), Self.get("/b")])
            == ["/a #1 host=127.0.0.1:\(server.port)", "/b #2 host=127.0.0.1:\(server.port)"])
        #expect(try await opened(client) == 1)
        #expect(server.connectionsAccepted == 1)
    }

    @Test func reconnectsAfterTheServerClosesAnIdleConnection() async throws {
        // Each connection serves one request, then the server closes it while the client is idle.
        let server = try FakeServer { index, connection in
            guard connection.readRequest() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)")
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(try await texts(client, [Self.get("/")]) == ["0"])
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await texts(client, [Self.get("/")]) == ["1"])
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await texts(client, [HTTPRequest(method: .post, target: "/")]) == ["2"])
        #expect(try await opened(client) == 3)
    }

    @Test func retriesAnIdempotentRequestOnceWhenAReusedConnectionClosesBeforeAnswering() async throws {
        // Connections 0 and 2 answer one request, then read the next and close without a byte.
        let server = try FakeServer { index, connection in
            guard connection.readRequest() != nil else { return }
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)")
            if index == 0 || index == 2 {
                _ = connection.readRequest()
            } else {
                connection.waitForClientToClose()
            }
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        // The PUT goes out on connection 0, which closes: it is sent again on connection 1.
        #expect(try await texts(client, [Self.get("/"), HTTPRequest(method: .put, target: "/r", body: [1])]) == ["0", "1"])
        #expect(try await opened(client) == 2)
        try await blocking(client) { $0.close() }
        #expect(try await texts(client, [Self.get("/")]) == ["2"])
        // A POST is never sent twice.
        await #expect(throws: ClientError.closed("before the response began")) {
            try await send(client, HTTPRequest(method: .post, target: "/p"))
        }
        #expect(try await opened(client) == 3)
    }

    @Test func timesOutOnAServerThatNeverAnswers() async throws {
        let server = try FakeServer { _, connection in
            _ = connection.readRequest()
            connection.waitForClientToClose()
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port, requestTimeout: 0.3)
        let (outcome, elapsed, connected) = try await blocking(client) { client in
            let start = Date()
            let outcome = Result { () throws(ClientError) in try client.send(Self.get("/")) }
            return (outcome, Date().timeIntervalSince(start), client.isConnected)
        }
        #expect(throws: ClientError.responseTimeout(seconds: 0.3)) { try outcome.get() }
        #expect(elapsed >= 0.3 && elapsed < 2, "\(elapsed)")
        #expect(!connected)
    }

    @Test func readsChunkedResponsesArrivingInPieces() async throws {
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
        #expect(try await texts(client, [Self.get("/"), Self.get("/")]) == ["hello, world", "hello, world"])
        #expect(try await opened(client) == 1)
    }

    @Test func aBodyUntilCloseEndsTheConnection() async throws {
        let server = try FakeServer { _, connection in
            guard connection.readRequest() != nil else { return }
            connection.write("HTTP/1.0 200 OK\r\n\r\nuntil the end")
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        #expect(try await texts(client, [Self.get("/")]) == ["until the end"])
        #expect(try await blocking(client) { $0.isConnected } == false)
    }

    @Test func aResponseCutShortOrMalformedIsAnError() async throws {
        let server = try FakeServer { index, connection in
            guard connection.readRequest() != nil else { return }
            connection.write(index == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc" : "HTTP/1.1 2xx OK\r\n\r\n")
        }
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port)
        await #expect(throws: ClientError.closed("connection closed after 3 of 10 body bytes")) {
            try await send(client, Self.get("/"))
        }
        await #expect(throws: ClientError.malformedResponse(HTTPResponseParseError("invalid status code"))) {
            try await send(client, Self.get("/"))
        }
    }

    @Test func connectionRefusedNamesTheSyscallAndErrno() async throws {
        try await FakeServer.withRefusingPort { port in
            let client = HTTPClient(host: "127.0.0.1", port: port)
            await #expect(throws: ClientError.socket(SocketError("connect", errno: ECONNREFUSED))) {
                try await send(client, Self.get("/"))
            }
        }
    }
}
