#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Synchronization
import Threads

/// An HTTP/1.1 server over POSIX sockets: a few epoll(7) threads, persistent connections, pipelining
/// answered in order, every limit of `Limits` enforced.
///
/// Call `start()` once, then `shutdown()` once. The responder is called on the server's threads
/// and must not block them: answer later from elsewhere if the work is slow.
public final class HTTPServer: Sendable {
    enum Lifecycle {
        case idle
        case running(listener: Int32, loops: [EventLoop], threads: [pthread_t])
        case stopped
    }

    /// `@unchecked Sendable`: the value is only read and replaced under `lifecycle`'s lock.
    struct LifecycleBox: @unchecked Sendable { var value: Lifecycle }

    private let core: ServerCore
    private let lifecycle = Mutex(LifecycleBox(value: .idle))

    /// - Parameters:
    ///   - configuration: where to listen and the limits to enforce.
    ///   - responder: answers every request.
    public init(configuration: ServerConfiguration, responder: any HTTPResponder) {
        core = ServerCore(configuration: configuration, responder: responder)
    }

    /// Binds, listens, and starts the event threads. Returns the bound port (useful with port 0).
    /// Also ignores SIGPIPE for the process: a peer that vanishes must not kill the server.
    /// - Throws: `SocketError` (e.g. `bind` with EADDRINUSE). Calling it twice is a `SocketError`
    ///   named `start` with EALREADY.
    public func start() throws -> Int {
        try lifecycle.withLock { box throws -> Int in
            guard case .idle = box.value else { throw SocketError("start", errno: EALREADY) }
            signal(SIGPIPE, SIG_IGN)
            let configuration = core.configuration
            let (listener, port) = try SystemCalls.listen(host: configuration.host, port: configuration.port,
                                                          backlog: configuration.backlog)
            var loops: [EventLoop] = []
            for index in 0..<configuration.eventLoopCount {
                do {
                    loops.append(try EventLoop(index: index, server: core))
                } catch {
                    Glibc.close(listener)
                    throw error
                }
            }
            loops[0].listener = listener
            loops[0].peers = loops
            var threads: [pthread_t] = []
            for (index, loop) in loops.enumerated() {
                do throws(ThreadError) {
                    threads.append(try spawnJoinableThread(name: "http-loop-\(index)") { loop.run() })
                } catch {
                    throw SocketError("pthread_create", errno: error.errno)
                }
            }
            box.value = .running(listener: listener, loops: loops, threads: threads)
            return port
        }
    }

    /// Stops accepting, lets requests in flight finish (waits for their `respond`, up to
    /// `shutdownGracePeriod`) and their responses be written, closes every connection, then
    /// returns. Idle connections are closed at once. Must not be called from a responder running
    /// on a server thread (it would wait for itself); safe to call more than once.
    public func shutdown() {
        let running = lifecycle.withLock { box -> (Int32, [EventLoop], [pthread_t])? in
            guard case let .running(listener, loops, threads) = box.value else { return nil }
            box.value = .stopped
            return (listener, loops, threads)
        }
        guard let (listener, loops, threads) = running else { return }
        for loop in loops { loop.post(.shutdown) }
        for thread in threads { pthread_join(thread, nil) }
        Glibc.close(listener)
    }

    /// Client connections open now (refused ones not counted).
    public var openConnections: Int { core.openConnections.load(ordering: .relaxed) }
}
