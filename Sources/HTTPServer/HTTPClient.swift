#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// A small blocking HTTP/1.1 client over one keep-alive connection to `host:port` (IPv4; `localhost`
/// and other names resolve to IPv4 addresses).
///
/// Blocking: `send` holds the calling thread (waiting in poll(2)) until the response is complete, the
/// request timeout passes, or the connection fails. Not thread-safe and not `Sendable`: use one
/// client per thread, one request at a time (no pipelining). The connection opens on the first
/// `send` (or `connect()`), has TCP_NODELAY set, and is reused until the server closes it or a
/// request fails; any failure closes it, and the next `send` opens a new one.
public final class HTTPClient {
    public let host: String
    public let port: Int
    /// Seconds allowed to establish a connection.
    public let connectTimeout: Double
    /// Seconds allowed for a whole exchange (connecting, writing the request, reading the response).
    public let requestTimeout: Double
    private let limits: Limits
    private var fd: Int32 = -1
    private var parser: HTTPResponseParser
    private var output: [UInt8] = []
    private var input = [UInt8](repeating: 0, count: 64 * 1024)

    /// Connections opened so far, reconnections included.
    public private(set) var connectionsOpened = 0

    /// Does not connect yet. `limits` bound the responses read (status line, headers, body).
    public init(host: String, port: Int, connectTimeout: Double = 5, requestTimeout: Double = 30,
                limits: Limits = .default) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.limits = limits
        parser = HTTPResponseParser(limits: limits)
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Whether a connection is open (it may still turn out closed by the server).
    public var isConnected: Bool { fd >= 0 }

    /// Opens the connection now if none is open, to report an unreachable server early.
    public func connect() throws(ClientError) {
        guard fd < 0 else { return }
        try open(deadline: SystemCalls.monotonicNanos() + Self.nanos(connectTimeout))
    }

    /// Closes the connection, if one is open.
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        parser = HTTPResponseParser(limits: limits)
    }

    /// Sends `request` and returns the response, body complete (de-chunked).
    ///
    /// `Host` and `Content-Length` are set from the client and the body (see
    /// `HTTPRequest.serialize(into:host:)`); the version sent is always HTTP/1.1.
    ///
    /// Reconnect rule (RFC 9112 §9.3.1): when a kept-alive connection turns out closed by the server
    /// before any byte of the response arrives (the write fails, or the read ends or is reset), the
    /// request is sent once more on a new connection, but only if its method is idempotent (RFC 9110
    /// §9.2.2: GET, HEAD, PUT, DELETE, OPTIONS, TRACE). A POST is never repeated: that failure is
    /// `ClientError.closed`. A connection seen closed while idle is replaced before sending anything.
    /// - Parameter timeout: seconds for this exchange; `requestTimeout` when nil.
    public func send(_ request: HTTPRequest, timeout: Double? = nil) throws(ClientError) -> HTTPResponse {
        let deadline = SystemCalls.monotonicNanos() + Self.nanos(timeout ?? requestTimeout)
        output.removeAll(keepingCapacity: true)
        request.serialize(into: &output, host: port == 80 ? host : "\(host):\(port)")
        var retried = false
        while true {
            if fd >= 0 && !ClientSocket.isReusable(fd) { close() }
            let reused = fd >= 0
            if !reused {
                try open(deadline: min(deadline, SystemCalls.monotonicNanos() + Self.nanos(connectTimeout)))
            }
            do {
                return try exchange(method: request.method, deadline: deadline, timeout: timeout ?? requestTimeout)
            } catch {
                close()
                switch error {
                case let .unanswered(failure):
                    guard reused, !retried, Self.isIdempotent(request.method) else { throw failure }
                    retried = true
                case let .failed(failure):
                    throw failure
                }
            }
        }
    }

    /// How one attempt on one connection failed.
    private enum AttemptFailure: Error {
        /// No byte of the response arrived before the connection failed: nothing says the server
        /// saw the request, so an idempotent one may be sent again.
        case unanswered(ClientError)
        case failed(ClientError)
    }

    /// Writes `output`, then reads one response.
    private func exchange(method: HTTPMethod, deadline: Int64, timeout: Double) throws(AttemptFailure) -> HTTPResponse {
        try write(deadline: deadline, timeout: timeout)
        while true {
            let event: HTTPResponseParser.Event
            do {
                event = try parser.next(requestMethod: method)
            } catch {
                throw .failed(parser.hasEndOfInput ? .closed(error.reason) : .malformedResponse(error))
            }
            switch event {
            case let .response(response, keepAlive):
                // Bytes after the response were never asked for: the framing cannot be trusted.
                if !keepAlive || parser.bufferedByteCount > 0 { close() }
                return response
            case .closed:
                throw .unanswered(.closed("before the response began"))
            case .needMoreData:
                try read(deadline: deadline, timeout: timeout)
            }
        }
    }

    private func write(deadline: Int64, timeout: Double) throws(AttemptFailure) {
        var sent = 0
        while sent < output.count {
            // `output` is not empty here (sent < count), so its base address is not nil.
            let count = output.withUnsafeBytes { bytes in
                Glibc.send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try waitUntilReady(for: POLLOUT, deadline: deadline, timeout: timeout)
            case EPIPE, ECONNRESET:
                // The server closed a kept-alive connection: it never read this request.
                throw .unanswered(.socket(SocketError("send", errno: errno)))
            default:
                throw .failed(.socket(SocketError("send", errno: errno)))
            }
        }
    }

    /// Waits until the socket is ready for `events` (POLLIN, POLLOUT); a timeout past `deadline`.
    private func waitUntilReady(for events: Int32, deadline: Int64, timeout: Double) throws(AttemptFailure) {
        let ready: Bool
        do {
            ready = try ClientSocket.wait(fd, for: Int16(events), until: deadline)
        } catch {
            throw .failed(.socket(error))
        }
        guard ready else { throw .failed(.responseTimeout(seconds: timeout)) }
    }

    /// Reads what has arrived into the parser, waiting for it until `deadline`.
    private func read(deadline: Int64, timeout: Double) throws(AttemptFailure) {
        while true {
            // `input` holds 64 KiB, so its base address is not nil.
            let count = input.withUnsafeMutableBytes { bytes in recv(fd, bytes.baseAddress!, bytes.count, 0) }
            if count > 0 {
                input.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                return
            }
            if count == 0 {
                parser.appendEndOfInput()
                return
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try waitUntilReady(for: POLLIN, deadline: deadline, timeout: timeout)
            case ECONNRESET where !parser.hasPartialResponse:
                throw .unanswered(.socket(SocketError("recv", errno: errno)))
            default:
                throw .failed(.socket(SocketError("recv", errno: errno)))
            }
        }
    }

    private func open(deadline: Int64) throws(ClientError) {
        close()
        fd = try ClientSocket.connect(host: host, port: port, deadline: deadline, timeout: connectTimeout)
        connectionsOpened += 1
    }

    /// RFC 9110 §9.2.2.
    static func isIdempotent(_ method: HTTPMethod) -> Bool {
        [.get, .head, .put, .delete, .options, HTTPMethod(rawValue: "TRACE")].contains(method)
    }

    static func nanos(_ seconds: Double) -> Int64 { Int64(seconds * 1e9) }
}
