import Histories
import Synchronization

/// One replica holding every register in memory: trivially atomic, whatever the array's semantics.
///
/// Each call takes effect under a lock and completes before it returns, so the completion runs on
/// the caller's thread, and the order in which calls return is the order in which they took effect.
public final class SingleReplica: RegisterArrayReplication {
    private let values: Mutex<[Value]>

    /// `initial` gives the starting value of each register (its count is the array's size).
    public init(initial: [Value]) {
        values = Mutex(initial)
    }

    public func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        completion(.success(values.withLock { $0[index] }))
    }

    public func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        values.withLock { $0[index] = value }
        completion(.success(()))
    }

    public func readNow(index: Int) -> Result<Value, ReplicationError>? {
        .success(values.withLock { $0[index] })
    }

    public func writeNow(index: Int, value: Value) -> Result<Void, ReplicationError>? {
        values.withLock { $0[index] = value }
        return .success(())
    }
}
