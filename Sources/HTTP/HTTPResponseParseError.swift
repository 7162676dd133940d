/// Why a response could not be parsed. The framing of the connection is lost after one: close it.
///
/// The client's counterpart of `HTTPParseError`: a response has no status to answer with, only a
/// reason to report.
public struct HTTPResponseParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short English explanation, e.g. "invalid status code".
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "malformed response: \(reason)" }
}
