/// Why a request could not be parsed, and the status to answer it with.
///
/// The only error of the HTTP module. After one, the framing of the connection is lost: answer
/// `status` with `Connection: close` (if no response is in progress), then close.
public struct HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 400, 413, 414, 431, 417, 501 or 505.
    public var status: HTTPStatus
    /// A short English explanation, safe to show the client.
    public var reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(status.rawValue) \(reason)" }

    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(.badRequest, reason) }
}
