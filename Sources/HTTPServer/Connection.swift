import HTTP

/// One client connection: its socket, parser, output, and where it is in the request cycle.
///
/// Confined to the thread of the `EventLoop` that owns it; never touched elsewhere.
final class Connection {
    enum State: Equatable {
        /// Parsing and reading the next request.
        case reading
        /// The responder has request number `serial`; nothing is read until it answers.
        case awaiting(serial: UInt64)
        /// `output` is being written.
        case writing
        /// The last response is written and our side shut down; unread input is discarded until
        /// the peer closes (or a deadline), so the peer reads the response instead of a reset.
        case lingering
        case closed
    }

    enum AfterWrite {
        /// Go on with the next request.
        case resume
        /// Close (after lingering).
        case close
    }

    let fd: Int32
    let info: ConnectionInfo
    /// Refused over `maxConnections`: not counted in `openConnections`.
    let rejected: Bool
    var parser: HTTPRequestParser
    var state = State.reading
    var output: [UInt8] = []
    var outputOffset = 0
    var afterWrite = AfterWrite.resume
    /// There may be unread input: epoll said so (edge-triggered, so it is said
    /// once) and no short read has drained it since.
    var readable = true
    /// Position in the loop's `active` list.
    var slot = 0
    /// End of file read.
    var peerClosed = false
    /// Inside `EventLoop.process`, so completions do not recurse into it.
    var processing = false
    var serial: UInt64 = 0
    var requestsServed = 0
    /// When the current request head began to arrive (monotonic ns); 0 if none is arriving.
    var headStartedAt: Int64 = 0
    /// When the current request body began to arrive (monotonic ns); 0 if none is arriving.
    var bodyStartedAt: Int64 = 0
    /// Bytes read since the body began (chunk framing included).
    var bodyBytes = 0
    var lastActivity: Int64
    var lingerDeadline: Int64 = 0

    /// In the loop's queue of slow connections whose input waits for a turn.
    var inSlowQueue = false

    /// A request that has been arriving for longer than `after` ns: a client dribbling its head or
    /// body (or a big upload over a slow link). The loop serves such connections after the others.
    func isArrivingSlowly(now: Int64, after: Int64) -> Bool {
        guard state == .reading else { return false }
        let started = bodyStartedAt != 0 ? bodyStartedAt : headStartedAt
        return started != 0 && now - started > after
    }
    // The request being answered.
    var currentIsHead = false
    var currentKeepAlive = true
    var currentHTTP10 = false

    init(fd: Int32, info: ConnectionInfo, limits: Limits, rejected: Bool, now: Int64) {
        self.fd = fd
        self.info = info
        self.rejected = rejected
        self.parser = HTTPRequestParser(limits: limits)
        self.lastActivity = now
    }
}
