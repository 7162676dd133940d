import Testing
@testable import HTTP

@Suite struct HTTPRequestParserTests {
    /// Valid wire fixtures and the requests they hold.
    static let validFixtures: [(name: String, wire: String, expected: [RequestSummaryFixture])] = [
        ("simple GET", "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n",
         [.init("GET", "/livez", .http1_1, ["Host: x"], "")]),
        ("Content-Length body", "POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
         [.init("POST", "/arrays", .http1_1, ["Host: x", "Content-Length: 5"], "hello")]),
        ("chunked with extension and trailer",
         "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\nhe\r\n3\r\nllo\r\n0\r\nX-T: 1\r\n\r\n",
         [.init("POST", "/a", .http1_1, ["Host: x", "Transfer-Encoding: chunked"], "hello")]),
        ("pipelined three", "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.0\r\n\r\n",
         [.init("GET", "/1", .http1_1, ["Host: x"], ""), .init("GET", "/2", .http1_1, ["Host: x"], ""),
          .init("GET", "/3", .http1_0, [], "")]),
        ("leading empty lines", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
         [.init("GET", "/", .http1_1, ["Host: x"], "")]),
        ("absolute-form", "GET http://example.com:8080/livez?a=1 HTTP/1.1\r\nHost: x\r\n\r\n",
         [.init("GET", "/livez?a=1", .http1_1, ["Host: x"], "")]),
        ("absolute-form without path", "GET HTTP://example.com HTTP/1.1\r\nHost: x\r\n\r\n",
         [.init("GET", "/", .http1_1, ["Host: x"], "")]),
        ("OWS trimmed, obs-text kept", "GET / HTTP/1.1\r\nHost:x\r\nX-A: \t a b \t\r\n\r\n",
         [.init("GET", "/", .http1_1, ["Host: x", "X-A: a b"], "")]),
        ("equal Content-Length list", "PUT /r HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\n{}",
         [.init("PUT", "/r", .http1_1, ["Host: x", "Content-Length: 2, 2", "Content-Length: 2"], "{}")]),
        ("empty Content-Length list elements dropped", "PUT /r HTTP/1.1\r\nHost: x\r\nContent-Length: ,2 ,, \t2,\r\n\r\n{}",
         [.init("PUT", "/r", .http1_1, ["Host: x", "Content-Length: ,2 ,, \t2,"], "{}")]),
        ("known and unknown spellings of methods and field names kept as sent",
         "PATCH /p HTTP/1.1\r\nHOST: x\r\ncontent-length: 1\r\nContent-Lengths: 9\r\nContent-Type: t\r\n\r\n1get /q HTTP/1.1\r\nhost: y\r\n\r\n",
         [.init("PATCH", "/p", .http1_1, ["HOST: x", "content-length: 1", "Content-Lengths: 9", "Content-Type: t"], "1"),
          .init("get", "/q", .http1_1, ["host: y"], "")]),
        ("chunked then GET", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: y\r\n\r\n",
         [.init("POST", "/", .http1_1, ["Host: x", "Transfer-Encoding: chunked"], "a"),
          .init("GET", "/", .http1_1, ["Host: y"], "")]),
    ]

    @Test("valid fixtures parse the same at every split point", arguments: validFixtures.indices)
    func validAtEverySplit(_ index: Int) {
        let fixture = Self.validFixtures[index]
        let expected = ParseOutcome(requests: fixture.expected.map(\.summary))
        for pieces in splits(of: bytes(fixture.wire)) {
            let outcome = parse(pieces)
            #expect(sameIgnoringContinue(outcome, expected), "\(fixture.name) cut as \(pieces.map(\.count))")
        }
    }

    /// Invalid wire fixtures and the status each must be refused with.
    static let invalidFixtures: [(wire: String, status: Int)] = [
        ("GET /livez HTTP/1.1\r\n\r\n", 400),                                       // no Host
        ("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),                      // two Host
        ("GET / HTTP/1.0\r\nHost: x\r\nHost: y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),                                // space before colon
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400),                 // obs-fold
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),                    // bare CR
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", 400),                 // NUL
        ("GET / HTTP/1.1\r\nHost: x\nX: 1\r\n\r\n", 400),                           // bare LF
        ("GET / HTTP/1.1\r\nHost: x\r\nX(A): 1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n", 400),                          // empty name
        ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
        ("G@T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /\r\n\r\n", 400),                                                     // HTTP/0.9
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/11\r\nHost: x\r\n\r\n", 400),
        ("GET foo HTTP/1.1\r\nHost: x\r\n\r\n", 400),                               // not origin-form
        ("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\r\n\r\n", 400),                           // TLS hello
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 3\r\n\r\n{}", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n{}", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: , ,\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n{}", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2;\r\n\r\n{}", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", 417),
    ]

    @Test("invalid fixtures are refused with their status at every split point", arguments: invalidFixtures.indices)
    func invalidAtEverySplit(_ index: Int) {
        let fixture = Self.invalidFixtures[index]
        for pieces in splits(of: bytes(fixture.wire)) {
            let outcome = parse(pieces)
            #expect(outcome.error?.status.rawValue == fixture.status,
                    "\(fixture.wire.debugDescription) cut as \(pieces.map(\.count)): \(String(describing: outcome.error))")
        }
    }

    @Test func expectContinueIsSignalledOnceBeforeTheBody() {
        let head = bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        let split = parse([head, bytes("{}")])
        #expect(split.continues == 1 && split.requests.count == 1 && split.requests[0].body == bytes("{}"))
        let whole = parse([head + bytes("{}")])
        #expect(whole.continues == 0 && whole.requests.count == 1)
        let http10 = parse([bytes("POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")])
        #expect(http10.continues == 0 && http10.error == nil)
    }

    @Test func errorIsSticky() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: bytes("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    @Test func phaseFollowsTheRequest() throws {
        var parser = HTTPRequestParser()
        #expect(parser.phase == .idle)
        parser.append(contentsOf: bytes("POST / HTTP/1.1\r\nHo"))
        _ = try parser.next()
        #expect(parser.phase == .head)
        parser.append(contentsOf: bytes("st: x\r\nContent-Length: 3\r\n\r\na"))
        _ = try parser.next()
        #expect(parser.phase == .body)
        parser.append(contentsOf: bytes("bc"))
        guard case .request = try parser.next() else { Issue.record("no request"); return }
        #expect(parser.phase == .idle && parser.bufferedByteCount == 0)
    }
}

/// A compact way to write an expected request in a fixture table.
struct RequestSummaryFixture {
    let summary: RequestSummary
    init(_ method: String, _ target: String, _ version: HTTPVersion, _ headers: [String], _ body: String) {
        var request = HTTPRequest(method: HTTPMethod(rawValue: method), target: target, version: version)
        for header in headers {
            let parts = header.split(separator: ":", maxSplits: 1)
            request.headers.add(name: String(parts[0]), value: String(parts[1].dropFirst()))
        }
        request.body = Array(body.utf8)
        summary = RequestSummary(request)
    }
}
