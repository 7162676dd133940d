import Dispatch

/// Runs work later: how the real-time runner waits for link latencies, retransmissions and deadlines.
///
/// Injected so tests can choose the queue (or run work at once); the protocol state machines never
/// see it.
public protocol Scheduler: Sendable {
    /// Runs `work` once, at least `nanoseconds` from now, on any thread.
    func schedule(after nanoseconds: Int64, _ work: @escaping @Sendable () -> Void)
}

/// A `Scheduler` on a Dispatch queue (a concurrent global queue by default).
public struct DispatchScheduler: Scheduler {
    public let queue: DispatchQueue

    public init(queue: DispatchQueue = .global()) {
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
