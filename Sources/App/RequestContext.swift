import HTTP
import HTTPServer

/// One request as a handler sees it: the message, its connection, the route's path parameters and
/// the time it was received (the invocation time of the operation it carries).
struct RequestContext: Sendable {
    var request: HTTPRequest
    var connection: ConnectionInfo
    var parameters: RouteParameters
    var received: Int64
    /// The connection's process name when the request names none (unique across restarts).
    var connectionProcess: String

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The process the operation belongs to: `?process=`, else the connection (SPEC §5).
    func process() throws(AppError) -> String {
        guard let named = request.queryValue("process") else { return connectionProcess }
        guard (1...128).contains(named.utf8.count) else {
            throw .badRequest("\"process\" must be 1 to 128 characters", pointer: "process")
        }
        return named
    }

    /// A non-negative integer query parameter, or nil when absent.
    func integerQuery(_ name: String, in range: ClosedRange<Int>) throws(AppError) -> Int? {
        guard let text = request.queryValue(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest("query parameter \"\(name)\" must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'",
                              pointer: name)
        }
        return value
    }
}
