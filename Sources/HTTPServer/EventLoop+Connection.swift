#if canImport(Glibc)
import Glibc
#endif
import CEpoll
import HTTP

// The request cycle of a connection: read, parse, hand to the responder, write, repeat.
extension EventLoop {
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    static let lingerNanos: Int64 = 2_000_000_000

    /// Parses and reads until the connection waits for input, for the responder, or for the socket.
    func process(_ connection: Connection) {
        guard !connection.processing else { return }
        connection.processing = true
        defer { connection.processing = false }
        while connection.state == .reading {
            let event: HTTPRequestParser.Event
            do {
                event = try connection.parser.next()
            } catch {
                sendError(connection, error)
                return
            }
            switch event {
            case .request(let request):
                startRequest(connection, request)
            case .continueExpected:
                // RFC 9110 §10.1.1: the client waits for this before sending the body.
                connection.output.append(contentsOf: Self.continueBytes)
                connection.afterWrite = .resume
                connection.state = .writing
                flush(connection)
            case .needMoreData:
                switch connection.parser.phase {
                case .idle: connection.headStartedAt = 0
                case .head: if connection.headStartedAt == 0 { connection.headStartedAt = now }
                case .body: if connection.bodyStartedAt == 0 { connection.bodyStartedAt = now }
                }
                if connection.peerClosed {
                    close(connection)
                    return
                }
                guard connection.readable, readInput(connection) else { return }
            }
        }
    }

    /// Reads once into the loop's buffer and feeds the parser. False when there is nothing to read
    /// now (or the connection was closed).
    private func readInput(_ connection: Connection) -> Bool {
        let count = read(connection.fd, readBuffer.baseAddress, readBuffer.count)
        if count > 0 {
            connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            connection.lastActivity = now
            if connection.bodyStartedAt != 0 { connection.bodyBytes += count }
            // A short read drained the socket: epoll will say when more (or end of file) arrives.
            if count < readBuffer.count { connection.readable = false }
            return true
        }
        if count == 0 {
            connection.peerClosed = true
            connection.readable = false
            return true
        }
        switch errno {
        case EINTR: return true
        case EAGAIN, EWOULDBLOCK:
            connection.readable = false
            return false
        default:
            close(connection)
            return false
        }
    }

    private func startRequest(_ connection: Connection, _ request: HTTPRequest) {
        connection.serial &+= 1
        let serial = connection.serial
        connection.state = .awaiting(serial: serial)
        connection.headStartedAt = 0
        connection.bodyStartedAt = 0
        connection.bodyBytes = 0
        connection.requestsServed += 1
        connection.currentIsHead = request.method == .head
        connection.currentKeepAlive = request.keepAlive
        connection.currentHTTP10 = request.version == .http1_0
        let reply = ReplyHandle(loop: self, connection: connection, serial: serial)
        server.responder.respond(to: request, connection: connection.info) { response in
            reply.loop.deliver(reply.connection, serial: reply.serial, response)
        }
    }

    /// Writes the responder's answer, if it is the one awaited (later duplicates are dropped).
    func handleResponse(_ connection: Connection, serial: UInt64, _ response: HTTPResponse) {
        guard connection.state == .awaiting(serial: serial) else { return }
        let keepAlive = connection.currentKeepAlive && !response.closesConnection && !stopping
        response.serialize(into: &connection.output, date: date, headRequest: connection.currentIsHead,
                           keepAlive: keepAlive, http10KeepAlive: keepAlive && connection.currentHTTP10)
        connection.afterWrite = keepAlive ? .resume : .close
        connection.state = .writing
        flush(connection)
    }

    /// Answers a refusal (parse error, 408, 503) with `Connection: close`, then closes. Only called
    /// while no response is in progress.
    func sendError(_ connection: Connection, _ error: HTTPParseError) {
        let response = server.configuration.errorResponse(error)
        response.serialize(into: &connection.output, date: date, keepAlive: false)
        connection.afterWrite = .close
        connection.state = .writing
        flush(connection)
    }

    /// Writes pending output (head and body go out in one `send`); on completion resumes reading
    /// or closes. On EAGAIN waits for the socket's next EPOLLOUT.
    func flush(_ connection: Connection) {
        let fd = connection.fd
        while connection.outputOffset < connection.output.count {
            let offset = connection.outputOffset
            let sent = connection.output.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputOffset += sent
                connection.lastActivity = now
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return
            default:
                close(connection)
                return
            }
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 * 1024)
        connection.outputOffset = 0
        if connection.afterWrite == .close || (stopping && connection.parser.phase != .body) {
            linger(connection)
            return
        }
        connection.state = .reading
        process(connection)
    }

    /// Shuts our side down and discards input until the peer closes, so a response written just
    /// before closing is not destroyed by a reset (RFC 9112 §9.6).
    private func linger(_ connection: Connection) {
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.state = .lingering
        connection.lingerDeadline = now + Self.lingerNanos
        connection.readable = true
        drain(connection)
    }

    func drain(_ connection: Connection) {
        while true {
            let count = read(connection.fd, readBuffer.baseAddress, readBuffer.count)
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            close(connection)
            return
        }
    }

    func close(_ connection: Connection) {
        guard connection.state != .closed else { return }
        connection.state = .closed
        // Out of the epoll set first: a forked child may still hold the descriptor, and its
        // events would carry this connection's address after it is freed.
        _ = cepoll_remove(epoll, connection.fd)
        Glibc.close(connection.fd)
        retired.append(connection)
        let slot = connection.slot
        let last = active.removeLast()
        if last !== connection {
            active[slot] = last
            last.slot = slot
        }
        if !connection.rejected { server.openConnections.wrappingSubtract(1, ordering: .relaxed) }
    }
}

/// What a responder's `respond` closure captures. `@unchecked Sendable`: the closure may run on any
/// thread, but it only passes these to `EventLoop.deliver`, which dereferences the connection on the
/// loop's own thread (directly when already there, otherwise through the inbox).
struct ReplyHandle: @unchecked Sendable {
    let loop: EventLoop
    let connection: Connection
    let serial: UInt64
}
