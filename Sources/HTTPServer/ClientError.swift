import HTTP

/// Why `HTTPClient.send` failed. After any of these the client's connection is closed; the next
/// `send` opens a new one.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host name did not resolve to an IPv4 address (`getaddrinfo`'s message).
    case resolve(host: String, reason: String)
    /// A system call failed (`socket`, `connect`, `send`, `recv`, `poll`), with its errno.
    case socket(SocketError)
    /// No connection was established within the connect timeout.
    case connectTimeout(address: String, seconds: Double)
    /// The whole exchange (writing the request, reading the response) took longer than the request
    /// timeout. The request may or may not have been carried out.
    case responseTimeout(seconds: Double)
    /// The server closed the connection before the response was complete, and the request could not
    /// be retried (see `HTTPClient.send`).
    case closed(String)
    /// The response broke HTTP/1.1 framing or a limit.
    case malformedResponse(HTTPResponseParseError)

    public var description: String {
        switch self {
        case let .resolve(host, reason): return "cannot resolve \(host): \(reason)"
        case let .socket(error): return error.description
        case let .connectTimeout(address, seconds): return "no connection to \(address) within \(seconds) s"
        case let .responseTimeout(seconds): return "no complete response within \(seconds) s"
        case let .closed(detail): return "the server closed the connection (\(detail))"
        case let .malformedResponse(error): return error.description
        }
    }
}
