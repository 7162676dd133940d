import CSQLite
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Threads

/// Makes committed groups durable on a thread of its own, so that the writer commits the next group
/// while the disk syncs this one.
///
/// The write connection commits at `synchronous = NORMAL`: COMMIT writes the group's pages to the
/// log and returns without waiting for the disk. A group that must survive power loss
/// (`SynchronousMode`) is then handed here, and this thread syncs the log with `fdatasync`, which
/// is what COMMIT at FULL does before returning, and answers the group. One sync covers every group
/// committed before it began, so groups committed during a sync share the next one. With the sync
/// in the commit, a group's SQL waited for the previous group's sync; now the two overlap.
///
/// Groups are answered in the order they were handed over, and a group that needs no sync is
/// handed over too while any earlier group is still here: an answer still means that the
/// operation, and every group committed before it, is as durable as it needs to be.
///
/// A failed sync leaves the log's state on disk unknown: a later sync that succeeds does not prove
/// the earlier pages reached the disk. So the failure sticks: the rounds under it and every later
/// one fail with it, and the writer commits nothing more (`failure`).
///
/// `@unchecked Sendable`: every stored property but `sync` and `log` is only touched with
/// `condition` locked; `log` is closed by the thread itself, after its last sync.
final class LogSyncer: @unchecked Sendable {
    typealias Sync = @Sendable (_ descriptor: Int32) -> Int32
    typealias Answer = (_ jobs: [Writer.Job], _ results: [Result<Void, StorageError>]) -> Void

    private struct Round {
        var jobs: [Writer.Job]
        var results: [Result<Void, StorageError>]
        var needsSync: Bool
    }

    private let condition = Condition()
    private var pending: [Round] = []
    /// The thread has taken rounds and their sync has not returned yet.
    private var syncing = false
    private var closing = false
    private var finished = false
    private var failed: StorageError?
    private var syncs = 0
    private var syncNanoseconds: UInt64 = 0
    private var thread: pthread_t?

    private let log: Int32
    private let sync: Sync
    private let answer: Answer

    /// Opens the log of the database at `databasePath` (its `-wal` file, which the write connection
    /// keeps open, so it is the same file for as long as this runs). `sync` syncs a descriptor and
    /// returns 0 or an error number: `fdatasync`, unless a test stands in for the disk.
    init(databasePath: String, sync: Sync? = nil, answer: @escaping Answer) throws(StorageError) {
        let logPath = databasePath + "-wal"
        let descriptor = open(logPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StorageError(kind: .cannotOpen, message: "cannot open the log \(logPath) to sync it: \(reason)")
        }
        log = descriptor
        self.sync = sync ?? Self.dataSync
        self.answer = answer
        // The log may have just been created: its name must survive power loss too. COMMIT at FULL
        // syncs the directory before the log's first sync; like SQLite, a directory that cannot be
        // synced is left as it is.
        Self.syncDirectory(of: databasePath)
    }

    /// Starts the thread; if it cannot start, the log is closed and the reason thrown.
    func start() throws(StorageError) {
        do throws(ThreadError) {
            try spawnThread(name: "storage-sync") { [self] in run() }
        } catch {
            condition.lock()
            finished = true
            condition.unlock()
            Glibc.close(log)
            throw StorageError(kind: .cannotOpen, message: "cannot start the log sync thread: \(error)")
        }
    }

    /// The failure of a sync, once one failed: the store can promise nothing it has not synced.
    var failure: StorageError? {
        condition.lock()
        defer { condition.unlock() }
        return failed
    }

    /// Nothing handed over still waits for a sync: a group committed now may be answered at once.
    var isDrained: Bool {
        condition.lock()
        defer { condition.unlock() }
        return pending.isEmpty && !syncing
    }

    var isSyncThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        return thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Log syncs so far and the time they took, in nanoseconds.
    var counts: (syncs: Int, nanoseconds: UInt64) {
        condition.lock()
        defer { condition.unlock() }
        return (syncs, syncNanoseconds)
    }

    /// Takes a committed group to answer after the next sync (`needsSync`), or after the rounds
    /// already here. False when the caller should answer it at once: it needs no sync and nothing
    /// handed over earlier still waits for one. Only the holder of the writer's commit calls this,
    /// so nothing is handed over between that answer and the commit before it.
    func hand(_ jobs: [Writer.Job], _ results: [Result<Void, StorageError>], needsSync: Bool) -> Bool {
        condition.lock()
        guard needsSync || syncing || !pending.isEmpty else {
            condition.unlock()
            return false
        }
        pending.append(Round(jobs: jobs, results: results, needsSync: needsSync))
        let wake = !syncing && pending.count == 1
        condition.unlock()
        if wake { condition.broadcast() }
        return true
    }

    /// Answers what was handed over, then stops the thread and closes the log. Not on the thread.
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        thread = pthread_self()
        var rounds: [Round] = []
        // Locked at the top of each turn.
        while true {
            while pending.isEmpty && !closing { condition.wait() }
            if pending.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                Glibc.close(log)
                return
            }
            swap(&rounds, &pending)
            syncing = true
            var failure = failed
            condition.unlock()

            var took: UInt64 = 0
            if failure == nil && rounds.contains(where: \.needsSync) {
                let started = DispatchTime.now().uptimeNanoseconds
                let code = sync(log)
                took = DispatchTime.now().uptimeNanoseconds - started
                if code != 0 {
                    failure = StorageError(
                        kind: .sqlite, resultCode: SQLITE_IOERR, extendedCode: StorageError.ioErrorFsync,
                        message: "syncing the log failed: \(String(cString: strerror(code))); "
                            + "changes since the last good sync may not be on disk, so the store takes no more")
                }
            }
            condition.lock()
            if took > 0 {
                syncs += 1
                syncNanoseconds += took
            }
            if failed == nil { failed = failure }
            // Durable now: what commits next need not wait for these answers.
            syncing = false
            condition.broadcast()
            condition.unlock()

            for round in rounds {
                if let failure {
                    answer(round.jobs, [Result<Void, StorageError>](repeating: .failure(failure), count: round.jobs.count))
                } else {
                    answer(round.jobs, round.results)
                }
            }
            rounds.removeAll(keepingCapacity: true)
            condition.lock()
        }
    }

    private static let dataSync: Sync = { descriptor in
        while fdatasync(descriptor) != 0 {
            if errno != EINTR { return errno }
        }
        return 0
    }

    private static func syncDirectory(of path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        Glibc.close(descriptor)
    }
}
