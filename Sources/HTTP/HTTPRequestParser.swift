/// An incremental HTTP/1.1 request parser (RFC 9112). Pure: bytes in, complete requests out.
///
/// Feed bytes with `append` as they arrive, then call `next()` until it says `.needMoreData`.
/// A request is returned only once its body is complete (de-chunked). Bytes after it stay buffered,
/// so pipelined requests come out one per `next()` call. After a thrown `HTTPParseError` the framing
/// is lost: every later `next()` throws the same error; answer it and close the connection.
public struct HTTPRequestParser: Sendable {
    /// What `next()` found.
    public enum Event: Sendable {
        /// A complete request, body included.
        case request(HTTPRequest)
        /// The head of a request with `Expect: 100-continue` is parsed and none of its body has
        /// arrived: send an interim `100 Continue`, then keep feeding. Returned once per request.
        case continueExpected
        /// Nothing more can be parsed until more bytes arrive.
        case needMoreData
    }

    /// Where the parser is in the current request, for the server's timeouts.
    public enum Phase: Sendable, Equatable {
        /// Between requests, nothing buffered.
        case idle
        /// Some bytes of a request head have arrived, not yet the whole head.
        case head
        /// The head is parsed; the body is still arriving.
        case body
    }

    enum State {
        case requestLine
        case headers
        case fixedBody(Int)
        case chunked(ChunkedBody)
    }

    /// The request head being parsed.
    struct PartialHead {
        var method = HTTPMethod.get
        var target = ""
        var version = HTTPVersion.http1_1
        var headers = HTTPHeaders()
        /// Bytes of field lines so far, CRLFs included (the 431 limit).
        var headerBytes = 0
        /// Bytes of empty lines before the request line (RFC 9112 §2.2).
        var leadingEmptyBytes = 0
    }

    public let limits: Limits
    var input = MessageBuffer()
    var state = State.requestLine
    var head = PartialHead()
    var body: [UInt8] = []
    var failure: HTTPParseError?

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a returned request.
    public var bufferedByteCount: Int { input.pendingCount }

    public var phase: Phase {
        switch state {
        case .requestLine: return input.pendingCount > 0 || head.leadingEmptyBytes > 0 ? .head : .idle
        case .headers: return .head
        default: return .body
        }
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        input.append(bytes)
    }

    /// Adds received bytes.
    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        input.append(contentsOf: bytes)
    }

    /// Parses as far as the buffered bytes allow.
    /// - Throws: the first framing or limit violation, with the status to answer it with.
    public mutating func next() throws(HTTPParseError) -> Event {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event {
        while true {
            switch state {
            case .requestLine:
                guard let line = try input.takeLine() else {
                    try checkPendingRequestLine()
                    return .needMoreData
                }
                if line.isEmpty {
                    // RFC 9112 §2.2: ignore at least one empty line before the request line.
                    head.leadingEmptyBytes += 2
                    if head.leadingEmptyBytes > limits.requestLine { throw .bad("too many empty lines") }
                    continue
                }
                try parseRequestLine(line)
                state = .headers

            case .headers:
                guard let line = try input.takeLine() else {
                    if input.pendingLineCost + head.headerBytes > limits.headerSection {
                        throw HTTPParseError(.requestHeaderFieldsTooLarge, "header section too large")
                    }
                    return .needMoreData
                }
                if line.isEmpty {
                    if let event = try finishHead() { return event }
                    continue
                }
                try parseFieldLine(line)

            case .fixedBody(let length):
                // RFC 9112 §6.2: the body is exactly Content-Length bytes.
                guard input.pendingCount >= length else { return .needMoreData }
                body = input.take(length)
                return .request(complete())

            case .chunked(var chunks):
                let progress = try chunks.decode(&input, into: &body, limits: limits)
                state = .chunked(chunks)
                guard progress == .done else { return .needMoreData }
                return .request(complete())
            }
        }
    }

    /// Finds trouble in a request line before it is complete: garbage (a TLS hello, say) is 400 at
    /// once, and a line past the limit is 414 without waiting for its end.
    private func checkPendingRequestLine() throws(HTTPParseError) {
        let pending = input.pendingCount
        var index = input.start
        let end = input.start + min(pending, 32)
        while index < end, input[index] != ByteClass.space {
            if !ByteClass.isTchar(input[index]), input[index] != ByteClass.cr {
                throw .bad("invalid character in method")
            }
            index += 1
        }
        if pending > limits.requestLine + 1 {
            throw HTTPParseError(.uriTooLong, "request line longer than \(limits.requestLine) bytes")
        }
    }

    /// Resets for the next request and hands out the finished one.
    mutating func complete() -> HTTPRequest {
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version,
                                  headers: head.headers, body: body)
        head = PartialHead()
        body = []
        state = .requestLine
        input.compact()
        return request
    }
}
