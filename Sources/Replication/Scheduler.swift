import Dispatch

/// Runs work later: how the real-time runner waits for link latencies, retransmissions and deadlines.
///
/// Injected so tests can choose the queue (or run work at once); the protocol state machines never
/// see it.
public protocol Scheduler: Sendable {
    /// Runs `work` once, at least `nanoseconds` from now, on any thread.
    func schedule(after nanoseconds: Int64, _ work: @escaping @Sendable () -> Void)
}

/// A `Scheduler` on a Dispatch queue (by default one serial queue of the module's own).
///
/// Not a global queue: on Linux those run on a pool about as wide as the machine has cores, so a
/// few blocked callers elsewhere in the process (a long check, a blocking socket) would hold up
/// every deadline and retransmission. A queue made with a label gets a thread even then.
public struct DispatchScheduler: Scheduler {
    public let queue: DispatchQueue

    /// The queue replication runs on unless told otherwise.
    public static let replicationQueue = DispatchQueue(label: "registrar.replication", qos: .userInitiated)

    public init(queue: DispatchQueue = DispatchScheduler.replicationQueue) {
        self.queue = queue
    }

    public func schedule(after nanoseconds: Int64, _ work: @escaping @Sendable () -> Void) {
        if nanoseconds <= 0 {
            queue.async(execute: work)
        } else {
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)), execute: work)
        }
    }
}
