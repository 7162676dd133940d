import Threads

/// The read connection, behind a lock.
///
/// `@unchecked Sendable`: `database` is only touched with `lock` held, so the connection is used by
/// one thread at a time. WAL lets it read while the writer commits; each read sees the last commit.
final class Reader: @unchecked Sendable {
    /// Used only as a mutex: nothing waits on it.
    private let lock = Condition()
    private var database: Database?

    init(database: Database) {
        self.database = database
    }

    /// Runs `body` on the read connection; `.closed` after `close()`.
    func read<T>(_ body: (ReadStore) throws(StorageError) -> T) throws(StorageError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let database else { throw .closedStore }
        return try body(ReadStore(database: database))
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        database?.close()
        database = nil
    }
}
