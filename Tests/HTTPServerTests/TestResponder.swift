import Dispatch
import Foundation
import HTTP
import HTTPServer
import Synchronization

/// The tiny application the server tests run against.
///
/// GET /livez → 200 "ok"; POST /arrays → 201 for a JSON object body, else 400;
/// GET /slow?ms=N&id=X → "X" after N ms, answered from another thread; GET /info → the connection id;
/// GET /batched?id=X → "X", held until the loop has handled its events (`eventsHandled`);
/// GET /gathered?id=X&of=N → "X", held until N such requests came, then all answered together
/// from another thread inside one `AnswerBatch`.
struct TestResponder: HTTPResponder {
    typealias Handler = @Sendable (HTTPRequest, ConnectionInfo, RouteParameters, @escaping @Sendable (HTTPResponse) -> Void) -> Void

    let router: Router<Handler>
    private let held = HeldReplies()
    private let gathered = HeldReplies()

    init() {
        var router = Router<Handler>()
        router.add(.get, "/livez") { _, _, _, respond in respond(.text("ok")) }
        router.add(.post, "/arrays") { request, _, _, respond in
            let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            respond(object == nil ? .text("not a JSON object", status: .badRequest) : .text("created", status: .created))
        }
        router.add(.get, "/slow") { request, _, _, respond in
            let millis = Int(request.queryValue("ms") ?? "0") ?? 0
            let id = request.queryValue("id") ?? ""
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(millis)) {
                respond(.text(id))
            }
        }
        router.add(.get, "/info") { _, connection, _, respond in respond(.text("\(connection.id)")) }
        router.add(.get, "/batched") { [held] request, _, _, respond in
            let id = request.queryValue("id") ?? ""
            held.withLock { $0.append { respond(.text(id)) } }
        }
        router.add(.get, "/gathered") { [gathered] request, _, _, respond in
            let id = request.queryValue("id") ?? ""
            let count = Int(request.queryValue("of") ?? "1") ?? 1
            let ready = gathered.withLock { replies -> [@Sendable () -> Void] in
                replies.append { respond(.text(id)) }
                guard replies.count >= count else { return [] }
                defer { replies.removeAll() }
                return replies
            }
            guard !ready.isEmpty else { return }
            Thread.detachNewThread {
                AnswerBatch.answering { for reply in ready { reply() } }
            }
        }
        router.add(.put, "/items/:name") { _, _, parameters, respond in respond(.text(parameters["name"] ?? "")) }
        self.router = router
    }

    /// Answers the held requests; answering one lets its connection's next request in, which may
    /// be held in turn: then more is pending.
    func eventsHandled() -> Bool {
        let replies = held.withLock { replies in
            defer { replies.removeAll() }
            return replies
        }
        for reply in replies { reply() }
        return held.withLock { !$0.isEmpty }
    }

    func respond(to request: HTTPRequest, connection: ConnectionInfo, _ respond: @escaping @Sendable (HTTPResponse) -> Void) {
        switch router.match(method: request.method, path: request.path) {
        case let .found(handler, parameters):
            handler(request, connection, parameters, respond)
        case .notFound:
            respond(.text("not found", status: .notFound))
        case let .methodNotAllowed(allowed):
            var response = HTTPResponse.text("method not allowed", status: .methodNotAllowed)
            response.headers.add(name: "Allow", value: allowed.map(\.rawValue).joined(separator: ", "))
            respond(response)
        }
    }
}

final class HeldReplies: Sendable {
    private let replies = Mutex<[@Sendable () -> Void]>([])
    func withLock<T>(_ body: (inout [@Sendable () -> Void]) -> T) -> T { replies.withLock { body(&$0) } }
}

extension HTTPResponse {
    static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array(text.utf8))
    }
}

/// Starts a server on a free loopback port for one test.
func withServer<T>(limits: Limits = .default, eventLoops: Int = 2,
                   _ body: (HTTPServer, Int) async throws -> T) async throws -> T {
    let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, limits: limits, eventLoopCount: eventLoops)
    let server = HTTPServer(configuration: configuration, responder: TestResponder())
    let port = try server.start()
    defer { server.shutdown() }
    return try await body(server, port)
}
