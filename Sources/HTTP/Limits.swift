/// Every bound the server puts on a client, in one value.
///
/// Sizes are in bytes, durations in seconds. The parser enforces the sizes; the server enforces the
/// durations and `maxConnections`.
public struct Limits: Sendable, Hashable {
    /// Longest request line, CRLF excluded; longer is answered 414 (RFC 9112 §3).
    public var requestLine: Int
    /// Largest header section (field lines with their CRLFs, and trailers); larger is 431.
    public var headerSection: Int
    /// Most header fields in one request; more is 431.
    public var headerCount: Int
    /// Largest request body after de-chunking; larger is 413. A `Content-Length` over it is refused
    /// before a byte of the body is read.
    public var body: Int
    /// Time allowed for a whole header section, from its first byte; slower clients get 408.
    public var headerDeadline: Double
    /// How long a keep-alive connection may sit idle (and how long a body or a write may stall).
    public var idleTimeout: Double
    /// Most open client connections; past it a new connection gets 503 and is closed.
    public var maxConnections: Int
    /// Time any request body is allowed, from its first byte, before `minimumBodyRate` applies.
    public var bodyDeadline: Double
    /// Bytes per second a body must keep up beyond `bodyDeadline`: each byte received extends the
    /// deadline by `1 / minimumBodyRate` seconds. Slower bodies get 408, so a client dribbling a
    /// byte now and then (R-U-Dead-Yet) cannot hold a connection slot for ever.
    public var minimumBodyRate: Double

    public init(requestLine: Int = 8 * 1024, headerSection: Int = 16 * 1024, headerCount: Int = 100,
                body: Int = 8 * 1024 * 1024, headerDeadline: Double = 10, idleTimeout: Double = 60,
                maxConnections: Int = 1024, bodyDeadline: Double = 20, minimumBodyRate: Double = 500) {
        self.requestLine = requestLine
        self.headerSection = headerSection
        self.headerCount = headerCount
        self.body = body
        self.headerDeadline = headerDeadline
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.bodyDeadline = bodyDeadline
        self.minimumBodyRate = minimumBodyRate
    }

    /// 8 KiB request line, 16 KiB / 100 header fields, 8 MiB body, 10 s header deadline,
    /// 60 s idle, 1024 connections, bodies given 20 s and then 500 bytes a second.
    public static let `default` = Limits()
}
