#if canImport(Glibc)
import Glibc
#endif

/// A mutex and a condition variable used together, as `NSCondition` is: lock, wait for a change
/// another thread signals, unlock. Waits with a deadline measure it on CLOCK_MONOTONIC, so a
/// change of the wall clock neither cuts them short nor stretches them.
///
/// `@unchecked Sendable`: the pthread objects are made for use from many threads; they live in
/// allocated memory because pthread objects must not move.
public final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }

    public func unlock() { pthread_mutex_unlock(mutex) }

    /// Unlocks, sleeps until signalled (or woken spuriously: check the state again), relocks.
    public func wait() { pthread_cond_wait(condition, mutex) }

    /// As `wait()`, but gives up at `deadline`, in nanoseconds of CLOCK_MONOTONIC (the clock of
    /// `DispatchTime.now().uptimeNanoseconds`). False when the deadline passed first.
    @discardableResult
    public func wait(until deadline: UInt64) -> Bool {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        return pthread_cond_timedwait(condition, mutex, &time) != ETIMEDOUT
    }

    /// Wakes one waiting thread.
    public func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiting thread.
    public func broadcast() { pthread_cond_broadcast(condition) }
}
