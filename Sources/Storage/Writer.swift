#if canImport(Glibc)
import Glibc
#endif
import Threads

/// The one writer: a thread that owns the write connection and commits submissions in groups.
///
/// It loops: take everything pending, `BEGIN IMMEDIATE`, apply each submission inside its own
/// savepoint (so one bad submission fails alone), `COMMIT` (one fsync for the whole group), then
/// answer every submission. While it commits, new submissions queue up and share the next fsync.
///
/// `@unchecked Sendable`: the queue, state and counters are only touched with `condition` locked;
/// `store` (the write connection and its statements) only on the writer thread, or in `init`
/// before the thread exists; the thread start and its end (signalled through `condition`) order
/// those accesses.
final class Writer: @unchecked Sendable {
    typealias Completion = @Sendable (Result<Void, StorageError>) -> Void

    /// A unit of work answered after the commit that contains it.
    enum Job {
        case journal([JournalEntry], Completion)
        case task(@Sendable (WriteStore) throws(StorageError) -> Void, Completion)

        var completion: Completion {
            switch self {
            case let .journal(_, completion), let .task(_, completion): return completion
            }
        }

        var isJournal: Bool {
            if case .journal = self { return true }
            return false
        }

        var entryCount: Int {
            switch self {
            case let .journal(entries, _): return entries.count
            case .task: return 0
            }
        }
    }

    private enum State { case running, closing, closed }

    private let condition = Condition()
    private var queue: [Job] = []
    private var state = State.running
    private var counters = StorageCounters()
    private var thread: pthread_t?

    private let store: WriteStore

    init(store: WriteStore) {
        self.store = store
    }

    /// Starts the writer thread. If it cannot start, the writer is closed (its connection too) and
    /// the reason thrown.
    func start() throws(StorageError) {
        do throws(ThreadError) {
            try spawnThread(name: "storage-writer") { [self] in run() }
        } catch {
            condition.lock()
            state = .closed
            store.database.close()
            condition.unlock()
            throw StorageError(kind: .cannotOpen, message: "cannot start the storage writer thread: \(error)")
        }
    }

    var snapshot: StorageCounters {
        condition.lock()
        defer { condition.unlock() }
        return counters
    }

    /// Queues `job`; it is answered after its commit, or at once with `.closed` after `close()`.
    func enqueue(_ job: Job) {
        condition.lock()
        guard state == .running else {
            condition.unlock()
            job.completion(.failure(.closedStore))
            return
        }
        queue.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// True on the writer thread: there, waiting for a commit would wait forever.
    var isWriterThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        return thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Commits what is queued, stops the thread and closes the write connection; idempotent.
    /// Returns when the connection is closed, except on the writer thread itself (from a
    /// completion), where it only asks the thread to stop after the current group.
    func close() {
        let onWriter = isWriterThread
        condition.lock()
        if state == .running { state = .closing }
        condition.broadcast()
        while state != .closed && !onWriter { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        thread = pthread_self()
        condition.unlock()
        // Swapped with `queue` under the lock, so taking a batch allocates nothing once warm.
        var batch: [Job] = []
        while true {
            condition.lock()
            while queue.isEmpty && state == .running { condition.wait() }
            if queue.isEmpty {
                state = .closed
                store.database.close()
                condition.broadcast()
                condition.unlock()
                return
            }
            swap(&batch, &queue)
            condition.unlock()

            let (results, committed) = commit(batch)

            condition.lock()
            record(batch, results: results, committed: committed)
            condition.unlock()
            for (job, result) in zip(batch, results) { job.completion(result) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Applies `batch` in one transaction: the result of each job, in order, and whether it committed.
    ///
    /// A group of journal submissions is first applied without savepoints, since a bad entry is
    /// rare: that saves two statements per submission. If any entry fails, the whole transaction
    /// is rolled back and the group applied again, each submission in its own savepoint, so that
    /// the bad one fails alone. Either way nothing is answered before `COMMIT` returns. A group
    /// holding a task (arbitrary code) always takes the savepoint path, so a task runs once.
    private func commit(_ batch: [Job]) -> ([Result<Void, StorageError>], Bool) {
        if batch.allSatisfy(\.isJournal), let outcome = commitOptimistically(batch) {
            return outcome
        }
        var results: [Result<Void, StorageError>] = []
        results.reserveCapacity(batch.count)
        do throws(StorageError) {
            // Cached statements, not sqlite3_exec: the hot path parses no SQL.
            try store.database.run(.begin)
            for job in batch { results.append(apply(job)) }
            try store.database.run(.commit)
            return (results, true)
        } catch {
            store.database.rollback()
            store.arrayIDs.clear()
            let failed = batch.indices.map { index -> Result<Void, StorageError> in
                // A job that failed alone keeps its own error; the others share the commit's.
                if index < results.count, case .failure = results[index] { return results[index] }
                return .failure(error)
            }
            return (failed, false)
        }
    }

    /// Applies a group of journal submissions in one transaction without savepoints. Nil when an
    /// entry (or BEGIN) failed: everything is rolled back and the caller applies the group again
    /// with savepoints. A failed COMMIT is returned as every submission's failure, as on the
    /// savepoint path.
    private func commitOptimistically(_ batch: [Job]) -> ([Result<Void, StorageError>], Bool)? {
        let database = store.database
        do throws(StorageError) {
            try database.run(.begin)
            for job in batch {
                if case let .journal(entries, _) = job {
                    for entry in entries { try store.apply(entry) }
                }
            }
        } catch {
            database.rollback()
            store.arrayIDs.clear()
            return nil
        }
        do throws(StorageError) {
            try database.run(.commit)
            return ([Result<Void, StorageError>](repeating: .success(()), count: batch.count), true)
        } catch {
            database.rollback()
            store.arrayIDs.clear()
            return ([Result<Void, StorageError>](repeating: .failure(error), count: batch.count), false)
        }
    }

    /// Applies one job inside a savepoint, rolled back alone if the job fails.
    private func apply(_ job: Job) -> Result<Void, StorageError> {
        let database = store.database
        do throws(StorageError) {
            try database.run(.savepoint)
            do throws(StorageError) {
                switch job {
                case let .journal(entries, _):
                    for entry in entries { try store.apply(entry) }
                case let .task(body, _):
                    // A task may create or delete arrays: looked-up ids are forgotten around it.
                    store.arrayIDs.clear()
                    defer { store.arrayIDs.clear() }
                    try body(store)
                }
                try database.run(.release)
                return .success(())
            } catch {
                store.arrayIDs.clear()
                try database.run(.rollbackToSavepoint)
                try database.run(.release)
                return .failure(error)
            }
        } catch {
            // The savepoint itself failed: the transaction is in trouble; COMMIT will tell.
            return .failure(error)
        }
    }

    private func record(_ batch: [Job], results: [Result<Void, StorageError>], committed: Bool) {
        guard committed else {
            counters.failedCommits += 1
            return
        }
        counters.commits += 1
        counters.lastBatchSize = batch.count
        counters.largestBatchSize = max(counters.largestBatchSize, batch.count)
        for (job, result) in zip(batch, results) {
            if case .success = result {
                counters.submissionsCommitted += 1
                counters.entriesCommitted += job.entryCount
            }
        }
    }
}
