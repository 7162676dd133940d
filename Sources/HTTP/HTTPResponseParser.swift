/// An incremental HTTP/1.1 response parser (RFC 9112), the client's side of `HTTPRequestParser`.
/// Pure: bytes in, complete responses out.
///
/// Feed bytes with `append` as they arrive and `appendEndOfInput()` when the peer closes, then call
/// `next(requestMethod:)` with the method of the request being answered until it says
/// `.needMoreData`. A response is returned only once its body is complete (de-chunked). Interim 1xx
/// responses are read and dropped (RFC 9110 §15.2). After a thrown `HTTPResponseParseError` every
/// later `next` throws it again: close the connection.
///
/// Limits (one `Limits` value for both directions): `requestLine` bounds the status line,
/// `headerSection` and `headerCount` the header section (and trailers), `body` the de-chunked body.
public struct HTTPResponseParser: Sendable {
    /// What `next(requestMethod:)` found.
    public enum Event: Sendable {
        /// A complete final response. When `keepAlive` is false the connection cannot carry another
        /// request: the server said `Connection: close`, spoke HTTP/1.0 without keep-alive, or
        /// delimited the body by closing.
        case response(HTTPResponse, keepAlive: Bool)
        /// Nothing more can be parsed until more bytes (or the end of input) arrive.
        case needMoreData
        /// The input ended cleanly between responses, before any byte of the next one: a
        /// kept-alive connection the server had closed.
        case closed
    }

    enum State: Equatable {
        case statusLine
        case headers
        case fixedBody(Int)
        case chunked(ChunkedBody)
        /// RFC 9112 §6.3 item 8: no length given, the body runs until the connection closes.
        case untilClose
    }

    /// The response head being parsed.
    struct PartialHead {
        var status = HTTPStatus.ok
        var version = HTTPVersion.http1_1
        var headers = HTTPHeaders()
        var headerBytes = 0
        var keepAlive = true
    }

    public let limits: Limits
    var input = MessageBuffer()
    var state = State.statusLine
    var head = PartialHead()
    var body: [UInt8] = []
    var endOfInput = false
    var failure: HTTPResponseParseError?

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a returned response.
    public var bufferedByteCount: Int { input.pendingCount }

    /// Whether any byte of a response not yet returned has arrived. A request whose response has
    /// not started may be retried on a new connection; one whose response has started may not.
    public var hasPartialResponse: Bool { state != .statusLine || input.pendingCount > 0 }

    /// Whether `appendEndOfInput()` was called: an error thrown since means the response was cut short.
    public var hasEndOfInput: Bool { endOfInput }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        input.append(bytes)
    }

    /// Adds received bytes.
    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        input.append(contentsOf: bytes)
    }

    /// Records that the peer closed the connection: no more bytes will come.
    public mutating func appendEndOfInput() {
        endOfInput = true
    }

    /// Parses as far as the buffered bytes allow.
    /// - Parameter requestMethod: the method of the request this response answers; a response to
    ///   HEAD has no body whatever its headers say (RFC 9110 §9.3.2).
    /// - Throws: the first framing or limit violation, or an end of input in the middle of a response.
    public mutating func next(requestMethod: HTTPMethod) throws(HTTPResponseParseError) -> Event {
        if let failure { throw failure }
        do {
            return try step(requestMethod: requestMethod)
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func step(requestMethod: HTTPMethod) throws(HTTPResponseParseError) -> Event {
        while true {
            switch state {
            case .statusLine:
                guard let line = try takeLine() else {
                    if input.pendingCount > limits.requestLine + 1 {
                        throw HTTPResponseParseError("status line longer than \(limits.requestLine) bytes")
                    }
                    if endOfInput {
                        if input.pendingCount == 0 { return .closed }
                        throw HTTPResponseParseError("connection closed in the status line")
                    }
                    return .needMoreData
                }
                try parseStatusLine(line)
                state = .headers

            case .headers:
                guard let line = try takeLine() else {
                    if head.headerBytes + input.pendingLineCost > limits.headerSection {
                        throw HTTPResponseParseError("header section larger than \(limits.headerSection) bytes")
                    }
                    return try starved("in the header section")
                }
                if line.isEmpty {
                    if let response = try finishHead(requestMethod: requestMethod) { return response }
                    continue
                }
                try parseFieldLine(line)

            case .fixedBody(let length):
                // RFC 9112 §6.2: the body is exactly Content-Length bytes.
                guard input.pendingCount >= length else {
                    return try starved("after \(input.pendingCount) of \(length) body bytes")
                }
                body = input.take(length)
                return complete()

            case .chunked(var chunks):
                let progress = try framing { () throws(HTTPParseError) in try chunks.decode(&input, into: &body, limits: limits) }
                state = .chunked(chunks)
                switch progress {
                case .done: return complete()
                case let .needMoreData(place): return try starved(place)
                }

            case .untilClose:
                let available = input.pendingCount
                if available > limits.body { throw HTTPResponseParseError("body larger than \(limits.body) bytes") }
                guard endOfInput else { return .needMoreData }
                body = input.take(available)
                return complete()
            }
        }
    }

    /// Out of bytes in the middle of a response: wait for more, or fail if none will come.
    private func starved(_ place: String) throws(HTTPResponseParseError) -> Event {
        if endOfInput { throw HTTPResponseParseError("connection closed \(place)") }
        return .needMoreData
    }

    private mutating func takeLine() throws(HTTPResponseParseError) -> Range<Int>? {
        try framing { () throws(HTTPParseError) in try input.takeLine() }
    }

    /// Runs framing code shared with the request parser, its error reported as a response's.
    func framing<T>(_ body: () throws(HTTPParseError) -> T) throws(HTTPResponseParseError) -> T {
        do {
            return try body()
        } catch {
            throw HTTPResponseParseError(error.reason)
        }
    }

    /// Resets for the next response and hands out the finished one.
    mutating func complete() -> Event {
        let response = HTTPResponse(status: head.status, headers: head.headers, body: body)
        let keepAlive = head.keepAlive && state != .untilClose
        head = PartialHead()
        body = []
        state = .statusLine
        input.compact()
        return .response(response, keepAlive: keepAlive)
    }
}
