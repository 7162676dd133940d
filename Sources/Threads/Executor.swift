#if canImport(Glibc)
import Glibc
#endif

/// A thread that runs work handed to it from other threads: an event loop.
///
/// A thread registers its own (`Executor.current`) so that code it calls can send follow-up work
/// back to it without being told where it runs: the storage writer answers a submission on the
/// thread that made it, which spares the writer the answering and lets the answers of one commit
/// reach each loop in one hand-over.
public protocol Executor: AnyObject, Sendable {
    /// Runs `work` on the executor's thread, soon. Callable from any thread.
    func execute(_ work: @escaping @Sendable () -> Void)
    /// Whether the calling thread is the executor's own.
    var isCurrent: Bool { get }
}

/// The calling thread's executor, if it registered one.
public enum CurrentExecutor {
    private final class Box {
        let executor: any Executor
        init(_ executor: any Executor) { self.executor = executor }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    public static var executor: (any Executor)? {
        pthread_getspecific(key).map { Unmanaged<Box>.fromOpaque($0).takeUnretainedValue().executor }
    }

    /// Registers `executor` as the calling thread's while `body` runs (the body of its thread).
    public static func running(_ executor: any Executor, _ body: () -> Void) {
        let box = Box(executor)
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(box).toOpaque())
        defer { pthread_setspecific(key, previous) }
        withExtendedLifetime(box) { body() }
    }
}
