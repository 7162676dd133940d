#if canImport(Glibc)
import Glibc
#endif
import HTTP
import HTTPServer
import Synchronization

/// The bridge from the HTTP server to the routes: match, run the handler, turn errors into problem
/// documents (the one place that does), count the request.
final class AppResponder: HTTPResponder {
    private let router: Router<Route>
    private let metrics: AppMetrics
    private let now: @Sendable () -> Int64
    /// Prefix of connection process names: the server's start time, so names stay unique across restarts.
    private let processPrefix: String
    /// Process names of recent connections, by connection id modulo its size: every request of a
    /// connection without `?process=` needs its name, and making it each time cost an allocation.
    private let processNames = Mutex([(id: UInt64, name: String)](repeating: (.max, ""), count: 256))
    private let requestIDs = Atomic<UInt64>(0)
    private let token: AccessToken?
    private let pendingWork: @Sendable () -> Bool

    /// `pendingWork` runs when an event loop has handled its events (`eventsHandled`): the
    /// operations its requests held back for one group commit are committed there.
    init(
        router: Router<Route>, metrics: AppMetrics, token: AccessToken?, now: @escaping @Sendable () -> Int64,
        pendingWork: @escaping @Sendable () -> Bool = { false }
    ) {
        self.router = router
        self.pendingWork = pendingWork
        self.token = token
        self.metrics = metrics
        self.now = now
        processPrefix = "connection-\(time(nil))-"
    }

    func respond(to request: HTTPRequest, connection: ConnectionInfo, _ respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let received = now()
        let path = request.path
        if let token, !token.permits(request) {
            var response = problem(.unauthorized("this server needs 'Authorization: Bearer <token>' on requests that change state"), request)
            response.headers.add(name: "WWW-Authenticate", value: #"Bearer realm="registrar""#)
            count(response, request: request, route: "unauthorized")
            respond(response)
            return
        }
        switch router.match(method: request.method, path: path) {
        case .notFound:
            finish(.failure(.notFound("no resource at \(path)")), request: request, route: "unmatched", respond: respond)
        case let .methodNotAllowed(allowed):
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            var response = problem(.methodNotAllowed("\(request.method.rawValue) is not allowed on \(path); allowed: \(list)"), request)
            response.headers.add(name: "Allow", value: list)
            count(response, request: request, route: "unmatched")
            respond(response)
        case let .found(route, parameters):
            let context = RequestContext(
                request: request, connection: connection, parameters: parameters, received: received,
                connectionProcess: processName(of: connection))
            do {
                try route.handler(context) { result in
                    self.finish(result, request: request, route: route.pattern, respond: respond)
                }
            } catch let error as AppError {
                finish(.failure(error), request: request, route: route.pattern, respond: respond)
            } catch {
                finish(.failure(.unexpected("\(error)")), request: request, route: route.pattern, respond: respond)
            }
        }
    }

    private func processName(of connection: ConnectionInfo) -> String {
        let slot = Int(connection.id % 256)
        return processNames.withLock { names in
            if names[slot].id == connection.id { return names[slot].name }
            let name = processPrefix + String(connection.id)
            names[slot] = (connection.id, name)
            return name
        }
    }

    func eventsHandled() -> Bool {
        pendingWork()
    }

    private func finish(
        _ result: Result<HTTPResponse, AppError>, request: HTTPRequest, route: String,
        respond: @Sendable (HTTPResponse) -> Void
    ) {
        let response: HTTPResponse
        switch result {
        case let .success(ok): response = ok
        case let .failure(error): response = problem(error, request)
        }
        count(response, request: request, route: route)
        respond(response)
    }

    private func problem(_ error: AppError, _ request: HTTPRequest) -> HTTPResponse {
        let id = requestIDs.add(1, ordering: .relaxed).newValue
        if error.status == .internalServerError {
            Log.error("request \(id) \(request.method.rawValue) \(request.target): \(error)")
        }
        return ProblemResponse.make(error, instance: request.path, requestID: id)
    }

    private func count(_ response: HTTPResponse, request: HTTPRequest, route: String) {
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.rawValue)
    }
}

/// Lines for the operator, on standard error.
enum Log {
    static func info(_ message: String) { write("info", message) }
    static func error(_ message: String) { write("error", message) }

    private static func write(_ level: String, _ message: String) {
        StandardError.write("registrar \(level): \(message)\n")
    }
}
