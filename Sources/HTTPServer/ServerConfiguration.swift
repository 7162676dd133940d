import HTTP

/// Where and how the server listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind: an IPv4 or IPv6 literal, or a name such as `localhost`.
    public var host: String
    /// The port to bind; 0 picks a free one (`HTTPServer.start()` returns it).
    public var port: Int
    /// Sizes, deadlines and the connection cap.
    public var limits: Limits
    /// Event-loop threads serving connections; defaults to the number of online CPUs (at most 4).
    public var eventLoopCount: Int
    /// The listen backlog.
    public var backlog: Int32
    /// How long `shutdown()` waits for requests in flight before closing their connections.
    public var shutdownGracePeriod: Double
    /// Renders the server's own refusals (parse errors, 408, 503) as responses. `Connection: close`
    /// is added by the server. The default is a small `application/problem+json` body (RFC 9457).
    public var errorResponse: @Sendable (HTTPParseError) -> HTTPResponse

    public init(host: String = "127.0.0.1", port: Int = 8080, limits: Limits = .default,
                eventLoopCount: Int = ServerConfiguration.defaultEventLoopCount, backlog: Int32 = 1024,
                shutdownGracePeriod: Double = 30,
                errorResponse: @escaping @Sendable (HTTPParseError) -> HTTPResponse = ServerConfiguration.problemResponse) {
        self.host = host
        self.port = port
        self.limits = limits
        self.eventLoopCount = max(1, eventLoopCount)
        self.backlog = backlog
        self.shutdownGracePeriod = shutdownGracePeriod
        self.errorResponse = errorResponse
    }

    /// The number of online CPUs, between 1 and 4.
    public static var defaultEventLoopCount: Int {
        min(4, max(1, onlineProcessors))
    }

    /// The number of online CPUs.
    public static var onlineProcessors: Int { Int(SystemCalls.onlineProcessors()) }

    /// `{"type":"about:blank","title":…,"status":…,"detail":…}` as `application/problem+json`.
    @Sendable public static func problemResponse(_ error: HTTPParseError) -> HTTPResponse {
        let body = "{\"type\":\"about:blank\",\"title\":\"\(error.status.reasonPhrase)\",\"status\":\(error.status.rawValue),"
            + "\"detail\":\"\(jsonEscaped(error.reason))\"}"
        return HTTPResponse(status: error.status,
                            headers: HTTPHeaders([("Content-Type", "application/problem+json")]),
                            body: Array(body.utf8))
    }

    private static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
