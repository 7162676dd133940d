#if canImport(Glibc)
import Glibc
#endif
import CEpoll
import HTTP
import Synchronization
import Threads

/// One thread running `epoll(7)` over its share of the connections.
///
/// Connections are registered once, edge-triggered, for input and output: an event only sets the
/// connection's `readable` flag (or lets a pending write go on), and the request cycle reads until a
/// short read and writes until EAGAIN, so nothing is re-armed per request. The listener (loop 0)
/// and the wake `eventfd` are level-triggered. An event's token is the connection's address;
/// a connection closed while its batch is being dispatched is kept alive in `retired` until the
/// batch ends, and its descriptor leaves the epoll set before it is closed.
///
/// `@unchecked Sendable` because the loop is reachable from other threads (the server, and
/// responders answering later, the storage writer handing back work), but those only call `post`,
/// `deliver`, `execute` and `isCurrent`, which touch nothing but the `Mutex`-protected inbox, the
/// wake eventfd, and the atomic thread id. Every other property is
/// read and written only by the loop's own thread inside `run()` (or before its thread starts).
final class EventLoop: Executor, @unchecked Sendable {
    /// Work handed to the loop from other threads.
    enum Task {
        case adopt(fd: Int32, remote: String, id: UInt64, rejected: Bool)
        case response(Connection, serial: UInt64, HTTPResponse)
        /// Work sent back to the loop (`Executor`), such as a commit's answers.
        case work(@Sendable () -> Void)
        case shutdown
    }

    /// Wraps a task for the inbox. `@unchecked Sendable`: the `Connection` inside is only
    /// dereferenced once the task is taken out on the loop's own thread.
    struct Envelope: @unchecked Sendable { let task: Task }

    static let readBufferSize = 64 * 1024
    /// Event tokens that are not connections (a connection's token is its address, never 0 or 1).
    static let wakeToken: UInt64 = 0
    static let listenerToken: UInt64 = 1
    static let connectionEvents = CEPOLL_IN | CEPOLL_OUT | CEPOLL_ET

    let index: Int
    let server: ServerCore
    let epoll: Int32
    /// An eventfd that other threads signal after posting to an empty inbox.
    let wake: Int32
    private let inbox = Mutex<[Envelope]>([])
    private let threadID = Atomic<UInt>(0)

    /// Open connections; each knows its position (`slot`) for O(1) removal.
    var active: [Connection] = []
    /// Connections closed since the current batch of events began: kept alive so that a later
    /// event of the batch, whose token is a connection's address, never finds freed memory.
    var retired: [Connection] = []
    /// Slow connections whose input came past the turn's budget, oldest from `slowQueueStart` on.
    var slowQueue: [Connection] = []
    var slowQueueStart = 0
    let readBuffer: UnsafeMutableRawBufferPointer
    private let events: UnsafeMutablePointer<cepoll_event>
    var now: Int64
    var dateSecond = -1
    var date = ""
    var listener: Int32 = -1
    private var listenerWatched = false
    var acceptPausedUntil: Int64 = 0
    var stopping = false
    var forceCloseAt: Int64 = .max
    var nextAcceptTarget = 0
    /// Every loop of the server (loop 0 deals accepted connections to them). Set before the
    /// threads start; emptied when the loop ends to break the reference cycle.
    var peers: [EventLoop] = []
    let sweepInterval: Int64

    init(index: Int, server: ServerCore) throws(SocketError) {
        self.index = index
        self.server = server
        epoll = cepoll_create()
        guard epoll >= 0 else { throw SocketError("epoll_create1", errno: errno) }
        wake = cepoll_eventfd()
        guard wake >= 0 else {
            let error = SocketError("eventfd", errno: errno)
            Glibc.close(epoll)
            throw error
        }
        guard cepoll_add(epoll, wake, CEPOLL_IN, Self.wakeToken) == 0 else {
            let error = SocketError("epoll_ctl", errno: errno)
            Glibc.close(wake)
            Glibc.close(epoll)
            throw error
        }
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        events = .allocate(capacity: Int(CEPOLL_MAX_EVENTS))
        now = SystemCalls.monotonicNanos()
        let limits = server.configuration.limits
        let shortest = min(limits.headerDeadline, limits.idleTimeout) / 4
        sweepInterval = Int64(max(0.01, min(1, shortest)) * 1e9)
    }

    deinit {
        readBuffer.deallocate()
        events.deallocate()
        Glibc.close(wake)
        Glibc.close(epoll)
    }

    /// Hands a task to the loop from any thread.
    func post(_ task: Task) {
        let wasEmpty = inbox.withLock { tasks in
            tasks.append(Envelope(task: task))
            return tasks.count == 1
        }
        // One wake-up per batch: the loop empties the whole inbox after resetting the eventfd. A
        // shutdown wakes it whatever came before, so stopping never rests on another poster's wake.
        if case .shutdown = task {
            signal()
            return
        }
        guard wasEmpty else { return }
        if let pending = PendingWakes.current {
            pending.add(self)
        } else {
            signal()
        }
    }

    /// Wakes the loop to empty its inbox.
    func signal() { cepoll_signal(wake) }

    var isLoopThread: Bool { threadID.load(ordering: .acquiring) == UInt(bitPattern: Int(bitPattern: pthread_self())) }

    // `Executor`: work from other threads goes through the inbox, like their responses.
    func execute(_ work: @escaping @Sendable () -> Void) { post(.work(work)) }

    var isCurrent: Bool { isLoopThread }

    /// Delivers a response from any thread: at once on the loop's thread, else through the inbox.
    func deliver(_ connection: Connection, serial: UInt64, _ response: HTTPResponse) {
        if isLoopThread {
            handleResponse(connection, serial: serial, response)
        } else {
            post(.response(connection, serial: serial, response))
        }
    }

    /// Events of slowly arriving requests (`Connection.isArrivingSlowly`) handled per wait at most.
    /// Slow clients that send together (slowhttptest sends to all its connections at once) would
    /// otherwise hold the loop for milliseconds; past the budget their events wait one turn, and
    /// requests that arrive whole are served in between.
    static let slowEventBudget = 32
    /// How long a request may take to arrive before it counts as slow: 50 ms.
    static let slowAfter: Int64 = 50_000_000

    /// The loop: wait, dispatch events, run tasks, sweep deadlines; returns once stopping and
    /// every connection is closed. The loop is its thread's `CurrentExecutor` meanwhile.
    func run() {
        threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .releasing)
        CurrentExecutor.running(self) { serve() }
    }

    private func serve() {
        var nextSweep = SystemCalls.monotonicNanos() + sweepInterval
        var responderBusy = false
        while !(stopping && active.isEmpty) {
            watchListener(listener >= 0 && !stopping && acceptPausedUntil == 0)
            let busy = responderBusy || slowQueueStart < slowQueue.count
            let timeout = busy ? 0 : Int32(max(0, min(1000, (nextSweep - now) / 1_000_000 + 1)))
            let count = cepoll_wait(epoll, events, CEPOLL_MAX_EVENTS, timeout)
            tick()
            var slowBudget = Self.slowEventBudget
            for position in 0..<Int(max(0, count)) {
                let event = events[position]
                switch event.token {
                case Self.wakeToken:
                    runTasks()
                case Self.listenerToken:
                    acceptConnections()
                default:
                    // The token is the address of a connection that `active` or `retired` holds.
                    guard let address = UnsafeRawPointer(bitPattern: UInt(event.token)) else { continue }
                    let connection = Unmanaged<Connection>.fromOpaque(address).takeUnretainedValue()
                    if connection.isArrivingSlowly(now: now, after: Self.slowAfter) {
                        guard slowBudget > 0 else {
                            // Edge-triggered: the event will not come again, so it is queued.
                            if event.events & (CEPOLL_IN | CEPOLL_HUP | CEPOLL_ERR) != 0 { connection.readable = true }
                            if !connection.inSlowQueue {
                                connection.inSlowQueue = true
                                slowQueue.append(connection)
                            }
                            continue
                        }
                        slowBudget -= 1
                    }
                    handle(event.events, connection)
                }
            }
            serveSlowQueue(budget: slowBudget)
            responderBusy = server.responder.eventsHandled()
            retired.removeAll(keepingCapacity: true)
            if now >= nextSweep {
                let more = sweep()
                retired.removeAll(keepingCapacity: true)
                nextSweep = more ? now : now + sweepInterval
            }
        }
        watchListener(false)
        peers = []
    }

    /// Adds the listener to the epoll set or takes it out (while accepting is paused, and once
    /// stopping).
    private func watchListener(_ wanted: Bool) {
        guard wanted != listenerWatched else { return }
        if wanted {
            guard cepoll_add(epoll, listener, CEPOLL_IN, Self.listenerToken) == 0 else { return }
        } else {
            _ = cepoll_remove(epoll, listener)
        }
        listenerWatched = wanted
    }

    /// Registers a new connection's socket, edge-triggered for input and output.
    func watch(_ connection: Connection) -> Bool {
        let token = UInt64(UInt(bitPattern: Unmanaged.passUnretained(connection).toOpaque()))
        return cepoll_add(epoll, connection.fd, Self.connectionEvents, token) == 0
    }

    /// Refreshes the clock and the per-second `Date` string.
    private func tick() {
        now = SystemCalls.monotonicNanos()
        let second = SystemCalls.wallSeconds()
        if second != dateSecond {
            dateSecond = second
            date = HTTPDate.format(secondsSince1970: second)
        }
    }

    private func runTasks() {
        cepoll_drain(wake)
        let tasks = inbox.withLock { tasks in
            let taken = tasks
            tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for envelope in tasks {
            switch envelope.task {
            case let .adopt(fd, remote, id, rejected):
                adopt(fd: fd, remote: remote, id: id, rejected: rejected)
            case let .response(connection, serial, response):
                handleResponse(connection, serial: serial, response)
            case let .work(work):
                work()
            case .shutdown:
                beginShutdown()
            }
        }
    }

    /// Handles the input of up to `budget` queued slow connections, oldest first.
    private func serveSlowQueue(budget: Int) {
        var budget = budget
        while budget > 0, slowQueueStart < slowQueue.count {
            let connection = slowQueue[slowQueueStart]
            slowQueueStart += 1
            connection.inSlowQueue = false
            if connection.state == .reading, connection.readable { process(connection) }
            budget -= 1
        }
        if slowQueueStart == slowQueue.count {
            slowQueue.removeAll(keepingCapacity: true)
            slowQueueStart = 0
        } else if slowQueueStart > 1024 && slowQueueStart * 2 > slowQueue.count {
            slowQueue.removeFirst(slowQueueStart)
            slowQueueStart = 0
        }
    }

    /// An event says the socket may be readable, writable, or gone; what happens next depends on
    /// the connection's state. Being edge-triggered, input is remembered in `readable` even while
    /// the connection is not reading (it is read once the response is written).
    private func handle(_ events: UInt32, _ connection: Connection) {
        if events & (CEPOLL_IN | CEPOLL_HUP | CEPOLL_ERR) != 0 { connection.readable = true }
        switch connection.state {
        case .reading:
            if connection.readable { process(connection) }
        case .lingering:
            drain(connection)
        case .writing:
            if events & (CEPOLL_ERR | CEPOLL_HUP) != 0 && events & CEPOLL_OUT == 0 {
                close(connection)  // reset by the peer: nothing can be written any more
            } else if events & (CEPOLL_OUT | CEPOLL_ERR | CEPOLL_HUP) != 0 {
                flush(connection)
            }
        case .awaiting, .closed:
            break
        }
    }
}
