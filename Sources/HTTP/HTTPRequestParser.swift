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
        case chunkSize
        case chunkData(Int)
        case chunkDataEnd
        case trailers
    }

    /// The request head being parsed.
    struct PartialHead {
        var method = HTTPMethod.get
        var target = ""
        var version = HTTPVersion.http1_1
        var headers = HTTPHeaders()
        /// Bytes of field lines so far, CRLFs included (the 431 limit).
        var headerBytes = 0
        /// Bytes of trailer lines so far.
        var trailerBytes = 0
        /// Bytes of empty lines before the request line (RFC 9112 §2.2).
        var leadingEmptyBytes = 0
    }

    /// The longest chunk-size line (size and extensions) accepted.
    static let maxChunkLine = 4096

    public let limits: Limits
    var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    var start = 0
    /// Where the search for the end of the current line resumes, so each byte is scanned once.
    var scan = 0
    var state = State.requestLine
    var head = PartialHead()
    var body: [UInt8] = []
    var failure: HTTPParseError?

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a returned request.
    public var bufferedByteCount: Int { buffer.count - start }

    public var phase: Phase {
        switch state {
        case .requestLine: return buffer.count > start || head.leadingEmptyBytes > 0 ? .head : .idle
        case .headers: return .head
        default: return .body
        }
    }

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
                guard let line = try takeLine() else {
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
                guard let line = try takeLine() else {
                    if pendingLineCost() + head.headerBytes > limits.headerSection {
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
                guard buffer.count - start >= length else { return .needMoreData }
                body = Array(buffer[start..<(start + length)])
                consume(length)
                return .request(complete())

            case .chunkSize:
                guard let line = try takeLine() else {
                    // The pending bytes may end in the line's CR, which is not part of the line.
                    if buffer.count - start > Self.maxChunkLine + 1 { throw .bad("chunk-size line too long") }
                    return .needMoreData
                }
                let size = try parseChunkSize(line)
                state = size == 0 ? .trailers : .chunkData(size)

            case .chunkData(let remaining):
                let available = buffer.count - start
                guard available > 0 else { return .needMoreData }
                let count = min(available, remaining)
                body.append(contentsOf: buffer[start..<(start + count)])
                consume(count)
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining - count)

            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF.
                let available = buffer.count - start
                if available >= 1, buffer[start] != ByteClass.cr { throw .bad("chunk not followed by CRLF") }
                guard available >= 2 else { return .needMoreData }
                guard buffer[start + 1] == ByteClass.lf else { throw .bad("chunk not followed by CRLF") }
                consume(2)
                state = .chunkSize

            case .trailers:
                guard let line = try takeLine() else {
                    if pendingLineCost() + head.trailerBytes > limits.headerSection {
                        throw HTTPParseError(.requestHeaderFieldsTooLarge, "trailer section too large")
                    }
                    return .needMoreData
                }
                if line.isEmpty { return .request(complete()) }
                // RFC 9112 §7.1.2: trailer fields may be discarded; they are still checked for syntax.
                head.trailerBytes += line.count + 2
                if head.trailerBytes > limits.headerSection {
                    throw HTTPParseError(.requestHeaderFieldsTooLarge, "trailer section too large")
                }
                _ = try splitFieldLine(line)
            }
        }
    }

    /// The next complete line without its CRLF, consumed; nil if its end has not arrived.
    /// RFC 9112 §2.2: lines end in CRLF; a bare LF or a CR not followed by LF is refused here.
    private mutating func takeLine() throws(HTTPParseError) -> Range<Int>? {
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
        guard lf > start, buffer[lf - 1] == ByteClass.cr else { throw .bad("line ended by a bare LF") }
        let line = start..<(lf - 1)
        start = lf + 1
        scan = start
        return line
    }

    private mutating func consume(_ count: Int) {
        start += count
        scan = start
    }

    /// At least what the line still arriving will add to its section: its pending bytes (its CRLF
    /// adds more). A lone CR may begin the empty line that ends the section, which adds nothing, so a
    /// section exactly at the limit is accepted however its final CRLF is split.
    private func pendingLineCost() -> Int {
        let pending = buffer.count - start
        if pending == 1 && buffer[start] == ByteClass.cr { return 0 }
        return pending
    }

    /// Finds trouble in a request line before it is complete: garbage (a TLS hello, say) is 400 at
    /// once, and a line past the limit is 414 without waiting for its end.
    private func checkPendingRequestLine() throws(HTTPParseError) {
        let pending = buffer.count - start
        var index = start
        let end = start + min(pending, 32)
        while index < end, buffer[index] != ByteClass.space {
            if !ByteClass.isTchar(buffer[index]), buffer[index] != ByteClass.cr {
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
        compact()
        return request
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
