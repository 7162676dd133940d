import Testing
@testable import HTTP

/// A parsed response, as the tests compare it.
struct ResponseSummary: Equatable {
    var status: Int
    var headers: [String]
    var body: String
    var keepAlive: Bool

    init(_ status: Int, _ headers: [String], _ body: String, keepAlive: Bool = true) {
        self.status = status
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }
}

struct ResponseOutcome: Equatable {
    var responses: [ResponseSummary] = []
    var closed = false
    var error: HTTPResponseParseError?
}

/// Feeds `pieces` one after another (then the end of input if `close`), draining after each, with
/// `methods` naming the request each response answers in turn.
func parseResponses(_ pieces: [[UInt8]], methods: [HTTPMethod] = [], close: Bool = false,
                    limits: Limits = .default) -> ResponseOutcome {
    var parser = HTTPResponseParser(limits: limits)
    var outcome = ResponseOutcome()
    func drain() -> Bool {
        do {
            while true {
                let method = outcome.responses.count < methods.count ? methods[outcome.responses.count] : .get
                switch try parser.next(requestMethod: method) {
                case let .response(response, keepAlive):
                    outcome.responses.append(ResponseSummary(
                        response.status.rawValue, response.headers.fields.map { "\($0.name): \($0.value)" },
                        String(decoding: response.body, as: UTF8.self), keepAlive: keepAlive))
                case .closed:
                    outcome.closed = true
                    return true
                case .needMoreData:
                    return true
                }
            }
        } catch {
            outcome.error = error
            return false
        }
    }
    for piece in pieces {
        parser.append(contentsOf: piece)
        guard drain() else { return outcome }
    }
    if close {
        parser.appendEndOfInput()
        _ = drain()
    }
    return outcome
}

@Suite struct HTTPResponseParserTests {
    static let validFixtures: [(name: String, wire: String, methods: [HTTPMethod], close: Bool, expected: [ResponseSummary])] = [
        ("Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: \t a b \r\n\r\nhello", [], false,
         [.init(200, ["Content-Length: 5", "X-A: a b"], "hello")]),
        ("chunked with extension and trailer",
         "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2;x=1\r\nhe\r\n3\r\nllo\r\n0\r\nT: 1\r\n\r\n", [], false,
         [.init(201, ["Transfer-Encoding: chunked"], "hello")]),
        ("until close", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it\r\n", [], true,
         [.init(200, ["Content-Type: text/plain"], "all of it\r\n", keepAlive: false)]),
        ("HEAD has no body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
         [.head, .delete], false,
         [.init(200, ["Content-Length: 10"], ""), .init(204, [], "")]),
        ("204 and 304 have no body", "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nHTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
         [], false,
         [.init(204, ["Content-Length: 3"], ""), .init(304, ["Transfer-Encoding: chunked"], "")]),
        ("interim 100 dropped", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", [], false,
         [.init(200, ["Content-Length: 2"], "ok")]),
        ("Connection: close", "HTTP/1.1 503 Service Unavailable\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", [], false,
         [.init(503, ["Connection: keep-alive, close", "Content-Length: 0"], "", keepAlive: false)]),
        ("HTTP/1.0 closes unless keep-alive",
         "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nb", [], false,
         [.init(200, ["Content-Length: 1"], "a", keepAlive: false),
          .init(200, ["Connection: Keep-Alive", "Content-Length: 1"], "b")]),
        ("no reason phrase, empty reason", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\nHTTP/1.1 409 \r\nContent-Length: 0\r\n\r\n", [], false,
         [.init(404, ["Content-Length: 0"], ""), .init(409, ["Content-Length: 0"], "")]),
        ("three in a row, then a clean close",
         "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n2\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n3",
         [], true,
         [.init(200, ["Content-Length: 1"], "1"), .init(200, ["Transfer-Encoding: chunked"], "2"),
          .init(200, ["Content-Length: 1"], "3")]),
    ]

    @Test("valid responses parse the same at every split point", arguments: validFixtures.indices)
    func validAtEverySplit(_ index: Int) {
        let fixture = Self.validFixtures[index]
        let expected = ResponseOutcome(responses: fixture.expected, closed: fixture.close)
        for pieces in splits(of: bytes(fixture.wire)) {
            let outcome = parseResponses(pieces, methods: fixture.methods, close: fixture.close)
            #expect(outcome == expected, "\(fixture.name) cut as \(pieces.map(\.count))")
        }
    }

    static let invalidFixtures: [(wire: String, close: Bool, reason: String)] = [
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", true, "connection closed after 3 of 5 body bytes"),
        ("HTTP/1.1 200 OK\r\nContent-Le", true, "connection closed in the header section"),
        ("HTTP/1.1 2", true, "connection closed in the status line"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true, "connection closed in chunk data"),
        ("HTTP/2.0 200 OK\r\n\r\n", false, "HTTP/2.0 is not supported"),
        ("HTTP/1.1 20 OK\r\n\r\n", false, "invalid status code"),
        ("HTTP/1.1\r\n", false, "malformed status line"),
        ("HTTP/1.1 2x0 OK\r\n\r\n", false, "invalid status code"),
        ("HTTP/1.1 099 Low\r\n\r\n", false, "invalid status code 99"),
        ("HTTP/1.1 200OK\r\n\r\n", false, "malformed reason phrase"),
        ("http/1.1 200 OK\r\n\r\n", false, "malformed status line"),
        ("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", false, "line ended by a bare LF"),
        ("HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", false, "invalid field name"),
        ("HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", false, "obsolete line folding"),
        ("HTTP/1.1 200 OK\r\nX: a\u{0}b\r\n\r\n", false, "invalid character in field value"),
        ("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", false, "field line without colon"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", false, "differing Content-Length values"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", false, "both Transfer-Encoding and Content-Length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, "unsupported transfer coding gzip"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false, "unsupported transfer coding gzip"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY", false, "chunk not followed by CRLF"),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", false, "unexpected 101 Switching Protocols"),
    ]

    @Test("malformed or cut responses fail with a reason at every split point", arguments: invalidFixtures.indices)
    func invalidAtEverySplit(_ index: Int) {
        let fixture = Self.invalidFixtures[index]
        for pieces in splits(of: bytes(fixture.wire)) {
            let outcome = parseResponses(pieces, close: fixture.close)
            #expect(outcome.error?.reason == fixture.reason, "\(fixture.wire.debugDescription) cut as \(pieces.map(\.count))")
            #expect(outcome.responses.isEmpty)
        }
    }

    @Test func limitsOnStatusLineHeadersAndBody() {
        let limits = Limits(requestLine: 40, headerSection: 60, headerCount: 3, body: 8)
        let cases: [(String, String)] = [
            ("HTTP/1.1 200 " + String(repeating: "a", count: 40) + "\r\n\r\n", "status line longer than 40 bytes"),
            ("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 70) + "\r\n\r\n", "header section larger than 60 bytes"),
            ("HTTP/1.1 200 OK\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n", "more than 3 header fields"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", "body larger than 8 bytes"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n4\r\n", "body larger than 8 bytes"),
            ("HTTP/1.1 200 OK\r\n\r\n123456789", "body larger than 8 bytes"),
        ]
        for (wire, reason) in cases {
            // Refused as soon as the limit is passed, whether or not the rest ever comes.
            #expect(parseResponses([bytes(wire)], limits: limits).error?.reason == reason, "\(wire.prefix(30))")
            #expect(parseResponses(bytes(wire).map { [$0] }, limits: limits).error?.reason == reason)
        }
    }

    @Test func cleanCloseBeforeAnyByteIsClosedNotAnError() {
        let outcome = parseResponses([], close: true)
        #expect(outcome == ResponseOutcome(closed: true))
        var parser = HTTPResponseParser()
        #expect(!parser.hasPartialResponse)
        parser.append(contentsOf: bytes("H"))
        #expect(parser.hasPartialResponse)
    }

    @Test func anErrorIsSticky() {
        var parser = HTTPResponseParser()
        parser.append(contentsOf: bytes("HTTP/9.9 200 OK\r\n\r\n"))
        #expect(throws: HTTPResponseParseError("HTTP/9.9 is not supported")) { try parser.next(requestMethod: .get) }
        parser.append(contentsOf: bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
        #expect(throws: HTTPResponseParseError("HTTP/9.9 is not supported")) { try parser.next(requestMethod: .get) }
    }

    @Test func requestSerializationSetsHostAndContentLengthAndCannotBeSplit() {
        var out: [UInt8] = []
        var headers = HTTPHeaders([("Host", "evil"), ("Content-Length", "99"), ("X-A", "1\r\nInjected: yes")])
        headers.add(name: "Accept", value: "application/json")
        HTTPRequest(method: .put, target: "/a b?process=é", headers: headers, body: bytes("{}"))
            .serialize(into: &out, host: "127.0.0.1:8080")
        #expect(String(decoding: out, as: UTF8.self)
            == "PUT /a%20b?process=%C3%A9 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-A: 1  Injected: yes\r\n"
            + "Accept: application/json\r\nContent-Length: 2\r\n\r\n{}")
        out = []
        HTTPRequest(method: .post, target: "/x").serialize(into: &out, host: "h")
        #expect(String(decoding: out, as: UTF8.self) == "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
        out = []
        HTTPRequest(method: .get, target: "/x").serialize(into: &out, host: "h")
        #expect(String(decoding: out, as: UTF8.self) == "GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    }

    @Test func serializedRequestsParseBackEqual() throws {
        var out: [UInt8] = []
        HTTPRequest(method: .put, target: "/arrays/d/registers/1?process=w1-0", body: bytes(#"{"value":"w1-0-0"}"#))
            .serialize(into: &out, host: "localhost:8080")
        var parser = HTTPRequestParser()
        parser.append(contentsOf: out)
        guard case let .request(request) = try parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.method == .put && request.target == "/arrays/d/registers/1?process=w1-0")
        #expect(request.headers["host"] == "localhost:8080")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"value":"w1-0-0"}"#)
    }
}
