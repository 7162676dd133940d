#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Threads

/// The one writer: commits submissions in groups, on its own thread or, for groups that need no
/// sync, on an event loop that asks for it (`commitPending`).
///
/// Committing a group: take everything pending, `BEGIN IMMEDIATE`, apply each submission, `COMMIT`
/// (which writes the log but does not sync it), then answer every submission: on the event loop
/// that submitted it, when one did (`answer`). A group that must be synced is answered by the
/// `LogSyncer` instead, after its sync, while the next group commits. While one group commits, new
/// submissions queue up and share the next commit. Whoever commits takes the whole queue and only
/// one commit runs at a time, so groups commit in submission order.
///
/// A submission made with `held` waits for `commitPending()` instead of waking the thread: an
/// event loop submits the operations of all the requests it has just read, then commits them in
/// one group itself when none of them needs a sync (a read's record), which saves two thread
/// switches per request; otherwise it hands them to the thread. If nobody calls `commitPending`,
/// the thread takes held submissions after `holdLimit` (at most `idleCheck` when it was asleep).
///
/// Checkpoints (copying the log into the database file, with its syncs) run on the thread, on a
/// connection of their own, so that they hold up neither an event loop's commit nor the next group.
///
/// `@unchecked Sendable`: the queue, state, flags and counters are only touched with `condition`
/// locked; `store`, `logPages` and `inlineBatch` only by the holder of `committing` (set under the
/// lock), or in `init` before the thread exists; `checkpoints` only on the thread. The syncer's lock
/// may be taken with this one held, never the other way round.
final class Writer: @unchecked Sendable {
    typealias Completion = @Sendable (Result<Void, StorageError>) -> Void

    /// A unit of work answered after the commit that contains it.
    struct Job {
        enum Work {
            case journal([JournalEntry])
            case task(@Sendable (WriteStore) throws(StorageError) -> Void)
        }

        var work: Work
        var completion: Completion
        /// The executor of the thread that submitted the job, if it has one: the completion runs
        /// there (see `answer`).
        var home: (any Executor)?

        static func journal(_ entries: [JournalEntry], _ completion: @escaping Completion) -> Job {
            Job(work: .journal(entries), completion: completion, home: CurrentExecutor.executor)
        }

        /// A task's completion always runs on the writer thread: `Storage.perform` waits for it,
        /// on the very thread that would otherwise have to run it.
        static func task(_ body: @escaping @Sendable (WriteStore) throws(StorageError) -> Void, _ completion: @escaping Completion) -> Job {
            Job(work: .task(body), completion: completion, home: nil)
        }

        var entries: [JournalEntry]? {
            if case let .journal(entries) = work { return entries }
            return nil
        }

        var isJournal: Bool { entries != nil }

        /// Whether it must be synced under `SynchronousMode.writes`.
        var changesState: Bool { entries?.contains(where: \.changesState) ?? true }

        var entryCount: Int { entries?.count ?? 0 }
    }

    private enum State { case running, closing, closed }

    /// How long held submissions wait for `commitPending` before the thread commits them, in ns.
    static let holdLimit: UInt64 = 2_000_000
    /// How often the idle thread looks for held submissions that nobody committed, in ns.
    static let idleCheck: UInt64 = 100_000_000

    /// The log's size past which the thread checkpoints (SQLite's own default).
    static let checkpointPages = 1000

    private let condition = Condition()
    private var queue: [Job] = []
    private var state = State.running
    /// True while the writer thread waits: only then does anyone need to wake it.
    private var idle = false
    /// A group is being committed, by the thread or by a caller of `commitPending` (then also
    /// `committingInline`); `inlineWaiters` callers wait for the latter to end.
    private var committing = false
    private var committingInline = false
    private var inlineWaiters = 0
    /// Every queued job was submitted held: the thread leaves them to `commitPending` (until
    /// `heldSince + holdLimit`).
    private var held = false
    /// When the first held job was queued (`DispatchTime` nanoseconds), and by which thread.
    private var heldSince: UInt64 = 0
    private var heldBy: pthread_t?
    /// The last commit left the log at `checkpointPages` or more: the thread should checkpoint.
    private var checkpointDue = false
    private var counters = StorageCounters()
    private var thread: pthread_t?

    private let store: WriteStore
    private let synchronous: SynchronousMode
    private let syncer: LogSyncer
    /// `commitPending`'s batch, kept to reuse its storage.
    private var inlineBatch: [Job] = []
    /// The log's size after the last commit, in pages.
    private var logPages = 0
    private let checkpoints: Database
    private let answering: Storage.Answering

    /// `checkpoints`: a connection of the writer's own to the same file, for checkpoints. `syncLog`
    /// stands in for `fdatasync` of the log (`LogSyncer`), in tests.
    init(
        store: WriteStore, checkpoints: Database, synchronous: SynchronousMode,
        answering: @escaping Storage.Answering, syncLog: LogSyncer.Sync? = nil
    ) throws(StorageError) {
        self.store = store
        self.checkpoints = checkpoints
        self.synchronous = synchronous
        self.answering = answering
        // Commits write the log without syncing it; the syncer syncs what must be synced.
        try store.database.pragma("synchronous", "NORMAL")
        syncer = try LogSyncer(databasePath: store.database.path, sync: syncLog) { jobs, results in
            Writer.answer(jobs, results, answering: answering)
        }
        store.database.onCommitToLog { [unowned self] pages in logPages = pages }
    }

    /// Starts the writer's threads. If they cannot start, the writer is closed (its connections
    /// too) and the reason thrown.
    func start() throws(StorageError) {
        do throws(StorageError) {
            try syncer.start()
            do throws(ThreadError) {
                try spawnThread(name: "storage-writer") { [self] in run() }
            } catch {
                syncer.close()
                throw StorageError(kind: .cannotOpen, message: "cannot start the storage writer thread: \(error)")
            }
        } catch {
            condition.lock()
            state = .closed
            store.database.close()
            checkpoints.close()
            condition.unlock()
            throw error
        }
    }

    var failure: StorageError? { syncer.failure }

    var snapshot: StorageCounters {
        let (syncs, syncNanoseconds) = syncer.counts
        condition.lock()
        defer { condition.unlock() }
        var snapshot = counters
        snapshot.logSyncs = syncs
        snapshot.logSyncNanoseconds = syncNanoseconds
        return snapshot
    }

    /// Queues `job`; it is answered after its commit, or at once with `.closed` after `close()`.
    /// A `held` job waits for `commitPending()` (or `holdLimit`).
    func enqueue(_ job: Job, held: Bool = false) {
        condition.lock()
        guard state == .running else {
            condition.unlock()
            job.completion(.failure(.closedStore))
            return
        }
        if queue.isEmpty && held {
            self.held = true
            heldSince = DispatchTime.now().uptimeNanoseconds
            heldBy = pthread_self()
        } else if !held {
            self.held = false
        }
        queue.append(job)
        // Only when the thread sleeps and has something to do: while a group commits, the next
        // one just queues up, with no system call per submission.
        let wake = idle && !self.held && !committing
        if wake { idle = false }
        condition.unlock()
        if wake { condition.broadcast() }
    }

    /// Commits the held submissions, on the calling thread when none of them needs a sync, else
    /// by waking the writer thread. Completions of an inline commit run on the calling thread.
    /// Returns true when more held submissions arrived meanwhile (from those completions).
    @discardableResult
    func commitPending() -> Bool {
        condition.lock()
        // Another loop's group commits without a sync, in microseconds: waiting for it costs less
        // than handing this loop's group to the thread.
        while state == .running && committingInline && held && !queue.isEmpty {
            inlineWaiters += 1
            condition.wait()
            inlineWaiters -= 1
        }
        guard state == .running, held, !queue.isEmpty else {
            condition.unlock()
            return false
        }
        held = false
        guard !committing, queue.allSatisfy(canCommitInline), syncer.isDrained else {
            // The thread takes them: at once, or when the commit under way ends (its committer
            // wakes the thread then).
            let wake = idle && !committing
            if wake { idle = false }
            condition.unlock()
            if wake { condition.broadcast() }
            return false
        }
        committing = true
        committingInline = true
        swap(&inlineBatch, &queue)
        condition.unlock()

        let batch = inlineBatch
        let (results, committed, took) = timedCommit(batch)
        inlineBatch.removeAll(keepingCapacity: true)

        condition.lock()
        record(batch, results: results, committed: committed, synced: false, nanoseconds: took)
        committing = false
        committingInline = false
        // Held work that came meanwhile is this caller's to commit next (it returns true).
        let wake = inlineWaiters > 0 || (idle && (state != .running || (!queue.isEmpty && !held) || checkpointDue))
        if wake { idle = false }
        condition.unlock()
        if wake { condition.broadcast() }

        Self.answer(batch, results, answering: answering)
        condition.lock()
        defer { condition.unlock() }
        // Only work this thread held is its to commit next: another loop commits its own when it
        // has handled its events, and taking it would answer that loop's requests from here.
        return held && !queue.isEmpty && heldBy.map { pthread_equal($0, pthread_self()) != 0 } == true
    }

    /// A job a caller's thread may commit: no arbitrary code, and no sync to wait for.
    private func canCommitInline(_ job: Job) -> Bool {
        guard job.isJournal else { return false }
        switch synchronous {
        case .full: return false
        case .writes: return !job.changesState
        case .normal: return true
        }
    }

    /// True on the writer's threads (committing, or syncing and answering): there, waiting for a
    /// commit would wait forever.
    var isWriterThread: Bool {
        condition.lock()
        let onThread = thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        condition.unlock()
        return onThread || syncer.isSyncThread
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
            while true {
                if checkpointDue && state == .running { break }
                if !committing {
                    if state != .running { break }
                    if !queue.isEmpty && !(held && DispatchTime.now().uptimeNanoseconds < heldSince + Self.holdLimit) { break }
                }
                idle = true
                if held && !committing {
                    _ = condition.wait(until: heldSince + Self.holdLimit)
                } else {
                    // Held submissions do not wake the thread (that is their point), so while it
                    // sleeps it looks every `idleCheck` for some that nobody committed.
                    _ = condition.wait(until: DispatchTime.now().uptimeNanoseconds + Self.idleCheck)
                }
            }
            idle = false
            if checkpointDue && state == .running {
                checkpointDue = false
                condition.unlock()
                checkpoint()
                continue
            }
            if queue.isEmpty {
                // Answer what waits for a sync first: the log stays open until then.
                condition.unlock()
                syncer.close()
                condition.lock()
                state = .closed
                store.database.close()
                checkpoints.close()
                condition.broadcast()
                condition.unlock()
                return
            }
            held = false
            committing = true
            swap(&batch, &queue)
            condition.unlock()

            let (results, committed, took) = timedCommit(batch)
            let synced = committed && needsSync(batch)

            condition.lock()
            record(batch, results: results, committed: committed, synced: synced, nanoseconds: took)
            // Handed over while still the committer, so that no later group is answered first.
            let handed = syncer.hand(batch, results, needsSync: synced)
            committing = false
            condition.unlock()
            if !handed { Self.answer(batch, results, answering: answering) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Copies the log into the database file. It runs beside commits (which go on appending to the
    /// log) and may leave frames that a reader still needs; the next commit past the threshold asks
    /// again. A failure is counted and left for the next attempt: the log only grows meanwhile.
    private func checkpoint() {
        let failed: Bool
        do throws(StorageError) {
            try checkpoints.checkpoint()
            failed = false
        } catch {
            failed = true
        }
        condition.lock()
        if failed { counters.failedCheckpoints += 1 } else { counters.checkpoints += 1 }
        condition.unlock()
    }

    /// `commit`, and how long it took in nanoseconds (for the commit-time counters).
    private func timedCommit(_ batch: [Job]) -> ([Result<Void, StorageError>], Bool, UInt64) {
        let started = DispatchTime.now().uptimeNanoseconds
        let (results, committed) = commit(batch)
        return (results, committed, DispatchTime.now().uptimeNanoseconds - started)
    }

    /// Applies `batch` in one transaction: the result of each job, in order, and whether it committed.
    ///
    /// A group of journal submissions is first applied without savepoints, since a bad entry is
    /// rare: that saves two statements per submission (and stores each register's value once,
    /// `WriteStore.apply(group:)`). If any entry fails, the whole transaction
    /// is rolled back and the group applied again, each submission in its own savepoint, so that
    /// the bad one fails alone. Either way nothing is answered before `COMMIT` returns. A group
    /// holding a task (arbitrary code) always takes the savepoint path, so a task runs once.
    private func commit(_ batch: [Job]) -> ([Result<Void, StorageError>], Bool) {
        if let failure = syncer.failure {
            return ([Result<Void, StorageError>](repeating: .failure(failure), count: batch.count), false)
        }
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
            try store.apply(group: batch.lazy.flatMap { $0.entries ?? [] })
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

    /// Whether `batch`, once committed, must be synced before it is answered.
    private func needsSync(_ batch: [Job]) -> Bool {
        switch synchronous {
        case .full: return true
        case .normal: return false
        case .writes: return batch.contains(where: \.changesState)
        }
    }

    /// Applies one job inside a savepoint, rolled back alone if the job fails.
    private func apply(_ job: Job) -> Result<Void, StorageError> {
        let database = store.database
        do throws(StorageError) {
            try database.run(.savepoint)
            do throws(StorageError) {
                switch job.work {
                case let .journal(entries):
                    for entry in entries { try store.apply(entry) }
                case let .task(body):
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

    /// Runs the completions of a committed batch. A job submitted from another thread's executor
    /// (an event loop) is answered there: the completions for each executor go over in one
    /// hand-over, and building the responses, like freeing what the completions hold, is then the
    /// loop's work rather than the writer's, which has the next group to commit.
    static func answer(_ batch: [Job], _ results: [Result<Void, StorageError>], answering: Storage.Answering) {
        answering {
            var away: [(home: any Executor, answers: [(Completion, Result<Void, StorageError>)])] = []
            for (job, result) in zip(batch, results) {
                guard let home = job.home, !home.isCurrent else {
                    job.completion(result)
                    continue
                }
                if let index = away.firstIndex(where: { $0.home === home }) {
                    away[index].answers.append((job.completion, result))
                } else {
                    away.append((home, [(job.completion, result)]))
                }
            }
            for (home, answers) in away {
                home.execute { for (completion, result) in answers { completion(result) } }
            }
        }
    }

    private func record(
        _ batch: [Job], results: [Result<Void, StorageError>], committed: Bool, synced: Bool, nanoseconds: UInt64
    ) {
        guard committed else {
            counters.failedCommits += 1
            return
        }
        counters.commits += 1
        counters.commitNanoseconds += nanoseconds
        if synced { counters.syncedCommits += 1 }
        if logPages >= Self.checkpointPages { checkpointDue = true }
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
