#if canImport(Glibc)
import Glibc
#endif

/// The client's socket calls: a non-blocking IPv4 connection, and waits bounded by a deadline on
/// the monotonic clock (nanoseconds, `SystemCalls.monotonicNanos()`).
enum ClientSocket {
    /// Resolves `host` (an IPv4 literal or a name such as `localhost`) and connects to the first
    /// address that accepts, with TCP_NODELAY set. Returns a non-blocking, close-on-exec socket.
    static func connect(host: String, port: Int, deadline: Int64, timeout: Double) throws(ClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, list != nil else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            throw .resolve(host: host, reason: reason)
        }
        defer { freeaddrinfo(list) }
        var lastError = ClientError.resolve(host: host, reason: "no IPv4 address")
        var entry = list
        while let info = entry {
            entry = info.pointee.ai_next
            do {
                return try connect(info.pointee, deadline: deadline, timeout: timeout, name: "\(host):\(port)")
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ info: addrinfo, deadline: Int64, timeout: Double, name: String) throws(ClientError) -> Int32 {
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .socket(SocketError("socket", errno: errno)) }
        SystemCalls.setNonBlocking(fd)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS || errno == EINTR else {
                let error = SocketError("connect", errno: errno)
                close(fd)
                throw .socket(error)
            }
            let ready: Bool
            do {
                ready = try wait(fd, for: Int16(POLLOUT), until: deadline)
            } catch {
                close(fd)
                throw .socket(error)
            }
            guard ready else {
                close(fd)
                throw .connectTimeout(address: name, seconds: timeout)
            }
            // A finished non-blocking connect reports its outcome in SO_ERROR.
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            guard failure == 0 else {
                close(fd)
                throw .socket(SocketError("connect", errno: failure))
            }
        }
        return fd
    }

    /// Waits until `fd` is ready for `events`; false if `deadline` passed first.
    static func wait(_ fd: Int32, for events: Int16, until deadline: Int64) throws(SocketError) -> Bool {
        while true {
            let remaining = deadline - SystemCalls.monotonicNanos()
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            // Round up, so a wait never spins with a 0 ms timeout before the deadline.
            let millis = Int32(clamping: (remaining + 999_999) / 1_000_000)
            let ready = poll(&entry, 1, millis)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw SocketError("poll", errno: errno) }
        }
    }

    /// Whether a kept-alive connection can still carry a request: the peer has not closed it and
    /// has sent nothing unasked. Never blocks.
    static func isReusable(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }
}
