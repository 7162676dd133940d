#if canImport(Glibc)
import Glibc
#endif

/// Lets a thread that answers many requests in a row wake each event loop once, not once per answer.
///
/// A response answered from another thread goes to its loop's inbox, and the loop is woken (an
/// eventfd write, then an epoll return) when the inbox was empty. A thread running a commit's
/// completions answers dozens of requests back to back, and an idle loop empties its inbox after
/// each, so each would wake it. Inside `answering`, responses still reach the inboxes at once, but
/// the loops are woken when the body returns.
public enum AnswerBatch {
    /// Runs `body`; the event loops it answers requests of are woken once, when it returns.
    public static func answering(_ body: () -> Void) {
        if PendingWakes.current != nil {
            body()  // nested: the outer batch wakes them
            return
        }
        let pending = PendingWakes()
        pthread_setspecific(PendingWakes.key, Unmanaged.passUnretained(pending).toOpaque())
        body()
        pthread_setspecific(PendingWakes.key, nil)
        for loop in pending.loops { loop.signal() }
    }
}

/// The loops to wake at the end of this thread's `AnswerBatch`.
final class PendingWakes {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The batch the calling thread is in, if any.
    static var current: PendingWakes? {
        pthread_getspecific(key).map { Unmanaged<PendingWakes>.fromOpaque($0).takeUnretainedValue() }
    }

    private(set) var loops: [EventLoop] = []

    func add(_ loop: EventLoop) {
        if !loops.contains(where: { $0 === loop }) { loops.append(loop) }
    }
}
