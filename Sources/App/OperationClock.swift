import Glibc
import Synchronization

/// Operation times: monotonic nanoseconds, continued across restarts.
///
/// CLOCK_MONOTONIC restarts from an arbitrary point when the machine or process restarts, but the
/// live history of an array spans restarts, and *precedes* compares times across them. So the clock
/// starts just past the latest time already recorded and never goes backwards, even if two threads
/// read it at once.
final class OperationClock: Sendable {
    private let offset: Int64
    private let last = Atomic<Int64>(0)

    /// `floor` is the latest time in the stored histories (nil for a new database).
    init(floor: Int64?) {
        let now = OperationClock.monotonic()
        if let floor, floor >= now {
            offset = floor - now + 1
        } else {
            offset = 0
        }
    }

    /// The current time; strictly greater than any time this clock returned before.
    func now() -> Int64 {
        let t = OperationClock.monotonic() + offset
        var current = last.load(ordering: .relaxed)
        while true {
            let next = max(t, current + 1)
            let (exchanged, original) = last.compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return next }
            current = original
        }
    }

    private static func monotonic() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
