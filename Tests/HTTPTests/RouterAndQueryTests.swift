import Testing
@testable import HTTP

@Suite struct RouterAndQueryTests {
    var router: Router<String> {
        var router = Router<String>()
        router.add(.get, "/arrays", "list")
        router.add(.post, "/arrays", "create")
        router.add(.get, "/arrays/:name/registers/:index", "read")
        router.add(.put, "/arrays/:name/registers/:index", "write")
        router.add(.get, "/static/*path", "static")
        return router
    }

    @Test func matchesLiteralsAndParameters() {
        guard case let .found(handler, parameters) = router.match(method: .put, path: "/arrays/a b/registers/3") else {
            Issue.record("no match")
            return
        }
        #expect(handler == "write" && parameters == ["name": "a b", "index": "3"])
        guard case let .found(list, _) = router.match(method: .get, path: "/arrays/") else {
            Issue.record("trailing slash")
            return
        }
        #expect(list == "list")
        guard case let .found(file, rest) = router.match(method: .get, path: "/static/css/site.css") else {
            Issue.record("rest")
            return
        }
        #expect(file == "static" && rest == ["path": "css/site.css"])
    }

    @Test func headMatchesGetAndOthersAre404Or405() {
        guard case let .found(handler, _) = router.match(method: .head, path: "/arrays/x/registers/1") else {
            Issue.record("HEAD")
            return
        }
        #expect(handler == "read")
        guard case .notFound = router.match(method: .get, path: "/arrays/x/registers") else {
            Issue.record("404")
            return
        }
        guard case let .methodNotAllowed(allowed) = router.match(method: .delete, path: "/arrays") else {
            Issue.record("405")
            return
        }
        #expect(allowed == [.get, .head, .post])
    }

    @Test func theRouteAddedFirstWinsWhateverItsShape() {
        var router = Router<String>()
        router.add(.get, "/files/readme", "readme")
        router.add(.get, "/files/*path", "file")
        router.add(.get, "/files/:name", "named")
        router.add(.put, "/files/:name", "upload")
        router.add(.delete, "/files/*path", "remove")
        router.add(.get, "/files/:name/:part", "part")
        func handler(_ method: HTTPMethod, _ path: String) -> String? {
            if case let .found(handler, _) = router.match(method: method, path: path) { return handler }
            return nil
        }
        #expect(handler(.get, "/files/readme") == "readme")
        #expect(handler(.get, "/files/other") == "file")
        #expect(handler(.get, "/files/a/b") == "file")
        #expect(handler(.get, "/files") == "file")
        #expect(handler(.put, "/files/x") == "upload")
        #expect(handler(.head, "/files/readme") == "readme")
        guard case let .methodNotAllowed(allowed) = router.match(method: .post, path: "/files/x") else {
            Issue.record("405")
            return
        }
        // In the order the fitting routes were added: file (GET, HEAD), named, upload, remove.
        #expect(allowed == [.get, .head, .put, .delete])
    }

    @Test func pathAndQueryAreDecoded() {
        let request = HTTPRequest(method: .get, target: "/histories/a%2Fb%20c?limit=10&after=x+y%21&flag&limit=20&bad=%zz")
        #expect(request.path == "/histories/a/b c")
        #expect(request.queryValue("limit") == "10")
        #expect(request.queryValue("after") == "x y!")
        #expect(request.queryValue("flag") == "")
        #expect(request.queryValue("bad") == "%zz")
        #expect(request.query.count == 5)
        #expect(request.rawQuery == "limit=10&after=x+y%21&flag&limit=20&bad=%zz")
        #expect(HTTPRequest(method: .get, target: "/a+b").path == "/a+b")
    }

    @Test func keepAliveFollowsVersionAndConnection() {
        var request = HTTPRequest(method: .get, target: "/")
        #expect(request.keepAlive)
        request.headers.add(name: "Connection", value: "foo, Close")
        #expect(!request.keepAlive)
        request = HTTPRequest(method: .get, target: "/", version: .http1_0)
        #expect(!request.keepAlive)
        request.headers.add(name: "connection", value: "Keep-Alive")
        #expect(request.keepAlive)
    }

    @Test func serializerWritesFramingHeadersAndStripsHeadBodies() {
        var response = HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain"),
                                                                        ("Content-Length", "99"), ("X", "a\r\nInjected: 1")]),
                                    body: Array("hello".utf8))
        var out: [UInt8] = []
        response.serialize(into: &out, date: "D", keepAlive: false)
        #expect(String(decoding: out, as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX: a  Injected: 1\r\nDate: D\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        out.removeAll()
        response.headers = HTTPHeaders()
        response.serialize(into: &out, date: "D", headRequest: true)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 5\r\n\r\n")
        out.removeAll()
        HTTPResponse(status: .noContent).serialize(into: &out, date: "D", http10KeepAlive: true)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 204 No Content\r\nDate: D\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func serializerAppendsAfterEarlierResponsesAndKeepsACallersLengthOnlyForHead() {
        let long = String(repeating: "v", count: 100_000)
        let response = HTTPResponse(status: .notFound, headers: HTTPHeaders([
            ("DATE", "x"), ("connection", "upgrade"), ("Transfer-Encoding", "chunked"), ("content-length", "1234"),
            ("X-Long", long), ("X-Nul", "a\u{0}b"),
        ]), body: Array("gone".utf8))
        var out = Array("earlier".utf8)
        response.serialize(into: &out, date: "Thu, 26 Nov 2026 12:00:00 GMT", headRequest: true)
        let head = "HTTP/1.1 404 Not Found\r\nX-Long: \(long)\r\nX-Nul: a b\r\nDate: Thu, 26 Nov 2026 12:00:00 GMT\r\n"
        #expect(String(decoding: out, as: UTF8.self) == "earlier" + head + "Content-Length: 1234\r\n\r\n")
        out.removeAll()
        response.serialize(into: &out, date: "Thu, 26 Nov 2026 12:00:00 GMT")
        #expect(String(decoding: out, as: UTF8.self) == head + "Content-Length: 4\r\n\r\ngone")
    }

    @Test func datesAreIMFFixdate() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }
}
