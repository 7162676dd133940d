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
        case chunkSize
        case chunkData(Int)
        case chunkDataEnd
        case trailers
        /// RFC 9112 §6.3 item 8: no length given, the body runs until the connection closes.
        case untilClose
    }

    /// The response head being parsed.
    struct PartialHead {
        var status = HTTPStatus.ok
        var version = HTTPVersion.http1_1
        var headers = HTTPHeaders()
        var headerBytes = 0
        var trailerBytes = 0
        var keepAlive = true
    }

    /// The longest chunk-size line (size and extensions) accepted.
    static let maxChunkLine = 4096

    public let limits: Limits
    var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    var start = 0
    /// Where the search for the end of the current line resumes, so each byte is scanned once.
    var scan = 0
    var state = State.statusLine
    var head = PartialHead()
    var body: [UInt8] = []
    var endOfInput = false
    var failure: HTTPResponseParseError?

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a returned response.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether any byte of a response not yet returned has arrived. A request whose response has
    /// not started may be retried on a new connection; one whose response has started may not.
    public var hasPartialResponse: Bool { state != .statusLine || buffer.count > start }

    /// Whether `appendEndOfInput()` was called: an error thrown since means the response was cut short.
    public var hasEndOfInput: Bool { endOfInput }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
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
                    if buffer.count - start > limits.requestLine + 1 {
                        throw HTTPResponseParseError("status line longer than \(limits.requestLine) bytes")
                    }
                    if endOfInput {
                        if buffer.count == start { return .closed }
                        throw HTTPResponseParseError("connection closed in the status line")
                    }
                    return .needMoreData
                }
                try parseStatusLine(line)
                state = .headers

            case .headers:
                guard let line = try takeLine() else {
                    if head.headerBytes + (buffer.count - start) > limits.headerSection {
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
                guard buffer.count - start >= length else { return try starved("after \(buffer.count - start) of \(length) body bytes") }
                body = Array(buffer[start..<(start + length)])
                consume(length)
                return complete()

            case .chunkSize:
                guard let line = try takeLine() else {
                    if buffer.count - start > Self.maxChunkLine { throw HTTPResponseParseError("chunk-size line too long") }
                    return try starved("in a chunk-size line")
                }
                let size = try parseChunkSize(line)
                state = size == 0 ? .trailers : .chunkData(size)

            case .chunkData(let remaining):
                let available = buffer.count - start
                guard available > 0 else { return try starved("in chunk data") }
                let count = min(available, remaining)
                body.append(contentsOf: buffer[start..<(start + count)])
                consume(count)
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining - count)

            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF.
                let available = buffer.count - start
                if available >= 1, buffer[start] != ByteClass.cr { throw HTTPResponseParseError("chunk not followed by CRLF") }
                guard available >= 2 else { return try starved("after chunk data") }
                guard buffer[start + 1] == ByteClass.lf else { throw HTTPResponseParseError("chunk not followed by CRLF") }
                consume(2)
                state = .chunkSize

            case .trailers:
                guard let line = try takeLine() else {
                    if head.trailerBytes + (buffer.count - start) > limits.headerSection {
                        throw HTTPResponseParseError("trailer section larger than \(limits.headerSection) bytes")
                    }
                    return try starved("in the trailer section")
                }
                if line.isEmpty { return complete() }
                // RFC 9112 §7.1.2: trailer fields may be discarded; they are still checked for syntax.
                head.trailerBytes += line.count + 2
                if head.trailerBytes > limits.headerSection {
                    throw HTTPResponseParseError("trailer section larger than \(limits.headerSection) bytes")
                }
                _ = try splitFieldLine(line)

            case .untilClose:
                let available = buffer.count - start
                if available > limits.body { throw HTTPResponseParseError("body larger than \(limits.body) bytes") }
                guard endOfInput else { return .needMoreData }
                body = Array(buffer[start...])
                consume(available)
                return complete()
            }
        }
    }

    /// Out of bytes in the middle of a response: wait for more, or fail if none will come.
    private func starved(_ place: String) throws(HTTPResponseParseError) -> Event {
        if endOfInput { throw HTTPResponseParseError("connection closed \(place)") }
        return .needMoreData
    }

    /// The next complete line without its CRLF, consumed; nil if its end has not arrived.
    /// RFC 9112 §2.2: lines end in CRLF; a bare LF is refused.
    private mutating func takeLine() throws(HTTPResponseParseError) -> Range<Int>? {
        let from = scan, end = buffer.count
        let lf: Int? = buffer.withUnsafeBufferPointer { bytes in
            var index = from
            while index < end {
                if bytes[index] == ByteClass.lf { return index }
                index += 1
            }
            return nil
        }
        guard let lf else {
            scan = end
            return nil
        }
        guard lf > start, buffer[lf - 1] == ByteClass.cr else { throw HTTPResponseParseError("line ended by a bare LF") }
        let line = start..<(lf - 1)
        start = lf + 1
        scan = start
        return line
    }

    mutating func consume(_ count: Int) {
        start += count
        scan = start
    }

    /// Resets for the next response and hands out the finished one.
    mutating func complete() -> Event {
        let response = HTTPResponse(status: head.status, headers: head.headers, body: body)
        let keepAlive = head.keepAlive && state != .untilClose
        head = PartialHead()
        body = []
        state = .statusLine
        compact()
        return .response(response, keepAlive: keepAlive)
    }

    /// Drops consumed bytes; keeps a small buffer's capacity, releases a large one.
    private mutating func compact() {
        if start == buffer.count {
            guard start > 0 else { return }
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
            scan = 0
        } else if start >= 64 * 1024 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            scan -= start
            start = 0
        }
    }
}
