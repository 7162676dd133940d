#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Synchronization

/// One thread running `poll(2)` over its share of the connections.
///
/// poll rather than epoll because Swift's Glibc module does not export epoll, and a C shim module
/// would need a new package target; with a few loops each holding a share of the connections, the
/// O(n) scan is cheap next to the read and write of each request.
///
/// `@unchecked Sendable` because the loop is reachable from other threads (the server, and
/// responders answering later), but those only call `post` and `deliver`, which touch nothing but
/// the `Mutex`-protected inbox, the wake pipe, and the atomic thread id. Every other property is
/// read and written only by the loop's own thread inside `run()` (or before its thread starts).
final class EventLoop: @unchecked Sendable {
    /// Work handed to the loop from other threads.
    enum Task {
        case adopt(fd: Int32, remote: String, id: UInt64, rejected: Bool)
        case response(Connection, serial: UInt64, HTTPResponse)
        case shutdown
    }

    /// Wraps a task for the inbox. `@unchecked Sendable`: the `Connection` inside is only
    /// dereferenced once the task is taken out on the loop's own thread.
    struct Envelope: @unchecked Sendable { let task: Task }

    static let readBufferSize = 64 * 1024

    let index: Int
    let server: ServerCore
    let wakeRead: Int32
    let wakeWrite: Int32
    private let inbox = Mutex<[Envelope]>([])
    private let threadID = Atomic<UInt>(0)

    /// Open connections; each knows its position (`slot`) for O(1) removal.
    var active: [Connection] = []
    let readBuffer: UnsafeMutableRawBufferPointer
    var now: Int64
    var dateSecond = -1
    var date = ""
    var listener: Int32 = -1
    var acceptPausedUntil: Int64 = 0
    var stopping = false
    var forceCloseAt: Int64 = .max
    var nextAcceptTarget = 0
    /// Every loop of the server (loop 0 deals accepted connections to them). Set before the
    /// threads start; emptied when the loop ends to break the reference cycle.
    var peers: [EventLoop] = []
    let sweepInterval: Int64
    private var pollSet: [pollfd] = []
    private var pollOwners: [Connection?] = []

    init(index: Int, server: ServerCore) throws(SocketError) {
        self.index = index
        self.server = server
        (wakeRead, wakeWrite) = try SystemCalls.makePipe()
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        now = SystemCalls.monotonicNanos()
        let limits = server.configuration.limits
        let shortest = min(limits.headerDeadline, limits.idleTimeout) / 4
        sweepInterval = Int64(max(0.01, min(1, shortest)) * 1e9)
    }

    deinit {
        readBuffer.deallocate()
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }

    /// Hands a task to the loop from any thread.
    func post(_ task: Task) {
        let wasEmpty = inbox.withLock { tasks in
            tasks.append(Envelope(task: task))
            return tasks.count == 1
        }
        // One wake-up per batch: the loop empties the whole inbox after draining the pipe.
        if wasEmpty {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    var isLoopThread: Bool { threadID.load(ordering: .acquiring) == UInt(bitPattern: Int(bitPattern: pthread_self())) }

    /// Delivers a response from any thread: at once on the loop's thread, else through the inbox.
    func deliver(_ connection: Connection, serial: UInt64, _ response: HTTPResponse) {
        if isLoopThread {
            handleResponse(connection, serial: serial, response)
        } else {
            post(.response(connection, serial: serial, response))
        }
    }

    /// The loop: wait, dispatch events, run tasks, sweep deadlines; returns once stopping and
    /// every connection is closed.
    func run() {
        threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .releasing)
        var nextSweep = SystemCalls.monotonicNanos() + sweepInterval
        while !(stopping && active.isEmpty) {
            buildPollSet()
            let timeout = Int32(max(0, min(1000, (nextSweep - now) / 1_000_000 + 1)))
            let count = poll(&pollSet, nfds_t(pollSet.count), timeout)
            tick()
            if count > 0 {
                for position in pollSet.indices where pollSet[position].revents != 0 {
                    let revents = Int32(pollSet[position].revents)
                    if let connection = pollOwners[position] {
                        handle(revents, connection)
                    } else if pollSet[position].fd == wakeRead {
                        runTasks()
                    } else {
                        acceptConnections()
                    }
                }
            }
            if now >= nextSweep {
                sweep()
                nextSweep = now + sweepInterval
            }
        }
        peers = []
    }

    /// What to wait for: the wake pipe, the listener (loop 0), and each connection by its state.
    /// A connection awaiting its response is left out: it is not read until answered.
    private func buildPollSet() {
        pollSet.removeAll(keepingCapacity: true)
        pollOwners.removeAll(keepingCapacity: true)
        pollSet.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
        pollOwners.append(nil)
        if listener >= 0 && !stopping && acceptPausedUntil == 0 {
            pollSet.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            pollOwners.append(nil)
        }
        for connection in active {
            let events: Int32
            switch connection.state {
            case .reading, .lingering: events = POLLIN
            case .writing: events = POLLOUT
            case .awaiting, .closed: continue
            }
            pollSet.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
            pollOwners.append(connection)
        }
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
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while read(wakeRead, &bytes, 32) == 32 {}
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
            case .shutdown:
                beginShutdown()
            }
        }
    }

    private func handle(_ revents: Int32, _ connection: Connection) {
        switch connection.state {
        case .reading:
            if revents & (POLLIN | POLLHUP | POLLERR) != 0 {
                connection.readable = true
                process(connection)
            }
        case .lingering:
            drain(connection)
        case .writing:
            if revents & (POLLERR | POLLHUP | POLLNVAL) != 0 && revents & POLLOUT == 0 {
                close(connection)  // reset by the peer: nothing can be written any more
            } else {
                flush(connection)
            }
        case .awaiting, .closed:
            break
        }
    }
}
