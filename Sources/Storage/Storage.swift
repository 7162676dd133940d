import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Histories

/// Arrays, their registers, their live histories and submitted histories in one SQLite file, durable
/// on acknowledgement.
///
/// One writer thread owns the write connection and commits submissions in groups (see `submit`);
/// reads use a second connection, behind a lock, which WAL lets run while the writer commits.
/// Every method that throws throws `StorageError`.
public final class Storage: Sendable {
    // Internal, not private: the stores of other kinds (Storage+Histories) use them too.
    let writer: Writer
    let reader: Reader
    /// What start-up recovery did to operations left in flight by a crash.
    public let recovery: RecoveryReport

    /// Opens (creating if needed) the database at `path`, applies `migrations`, and recovers
    /// operations left in flight by a crash: pending writes and cas become `info`, pending reads
    /// are deleted.
    ///
    /// A database whose schema is newer than `migrations` is refused (`.schemaTooNew`) before
    /// anything is written to it.
    ///
    /// `answering` runs each round of completions (those of one commit), so that a server can
    /// batch what they do (`AnswerBatch.answering` wakes each event loop once).
    public convenience init(
        path: String, migrations: [Migration], synchronous: SynchronousMode = .writes,
        answering: @escaping Answering = { $0() }
    ) throws(StorageError) {
        try self.init(path: path, migrations: migrations, synchronous: synchronous, answering: answering, syncLog: nil)
    }

    /// `syncLog` stands in for the disk's sync of the log (`LogSyncer`), in tests: it gets the log's
    /// descriptor and returns 0, or an errno for a failed sync. `package`, so that the app's tests
    /// can run a server on a failing disk.
    package init(
        path: String, migrations: [Migration], synchronous: SynchronousMode,
        answering: @escaping Answering, syncLog: (@Sendable (_ descriptor: Int32) -> Int32)?
    ) throws(StorageError) {
        let migrator = try Migrator(migrations)
        let database = try Database(path: path)
        // Refuse a database we cannot serve before any pragma or migration writes to it.
        try migrator.validate(database)
        try Self.configure(database)
        try migrator.migrate(database, now: Self.nowMillis())
        let store = WriteStore(database: database)
        recovery = try store.recover()

        let readDatabase = try Database(path: path, create: false)
        try readDatabase.pragma("query_only", "ON")
        reader = Reader(database: readDatabase)
        let checkpoints = try Database(path: path, create: false)
        // A connection finds the log only once it reads the file; until then a checkpoint does nothing.
        try checkpoints.pragma("journal_mode", "WAL")
        writer = try Writer(
            store: store, checkpoints: checkpoints, synchronous: synchronous, answering: answering, syncLog: syncLog)
        // Should the thread not start, deinit closes the read connection (the writer closed its own).
        try writer.start()
    }

    deinit { close() }

    /// Runs a round of completions (see `init`).
    public typealias Answering = @Sendable (_ completions: () -> Void) -> Void

    /// WAL, so reads run beside the writer; foreign keys, for the cascades. Start-up (migrations,
    /// recovery) commits at FULL; the writer then commits at NORMAL and syncs the log itself
    /// (`LogSyncer`).
    private static func configure(_ database: Database) throws(StorageError) {
        let mode = try database.pragma("journal_mode", "WAL")
        guard mode?.lowercased() == "wal" else {
            throw StorageError(
                kind: .cannotOpen,
                message: "database at \(database.path) cannot use WAL (journal_mode is \(mode ?? "unknown"))")
        }
        try database.pragma("synchronous", "FULL")
        try database.pragma("foreign_keys", "ON")
    }

    /// Milliseconds since the Unix epoch, rounded: the clock of the time stamps the store records.
    public static func nowMillis() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + (Int64(time.tv_nsec) + 500_000) / 1_000_000
    }

    // MARK: Writes that are not journal entries, through the writer so there is one writer.

    /// Creates `array`. Throws `.alreadyExists` when an array has that name.
    public func createArray(_ array: ArrayRecord) throws(StorageError) {
        try perform { store throws(StorageError) in try store.createArray(array) }
    }

    /// Deletes the array, its register values and its operations; false when there was none.
    public func deleteArray(named name: String) throws(StorageError) -> Bool {
        let deleted = Box(false)
        try perform { store throws(StorageError) in deleted.value = try store.deleteArray(named: name) }
        return deleted.value
    }

    /// Runs `body` on the writer thread in the next group commit and waits until it is durable.
    func perform(_ body: @escaping @Sendable (WriteStore) throws(StorageError) -> Void) throws(StorageError) {
        guard !writer.isWriterThread else {
            throw StorageError(kind: .misuse, message: "a synchronous write was called from a commit completion")
        }
        let done = DispatchSemaphore(value: 0)
        let outcome = Box<Result<Void, StorageError>>(.success(()))
        writer.enqueue(.task(body, { result in
            outcome.value = result
            done.signal()
        }))
        done.wait()
        try outcome.value.get()
    }

    // MARK: Group commit

    /// Queues `entries` to be committed together, in order, atomically, with whatever else is
    /// pending; `completion` runs once they are durable (or with the error that prevented it).
    ///
    /// Answer a client only in `completion`. It runs after the commit: on the submitting thread's
    /// executor when it has one (an event loop, `CurrentExecutor`), else on the writer thread. Keep
    /// it short and never wait in it for another commit (submitting more is fine). After `close()`,
    /// `completion` runs at once with `.closed`. A failing entry fails its whole submission and
    /// nothing else.
    public func submit(
        _ entries: [JournalEntry], completion: @escaping @Sendable (Result<Void, StorageError>) -> Void
    ) {
        writer.enqueue(.journal(entries, completion))
    }

    /// Queues `entries` like `submit`, but starts no commit for them: the caller calls
    /// `commitPending()` soon (an event loop does once it has handled its batch of events), so that
    /// everything submitted meanwhile shares one commit. Held entries nobody commits are committed
    /// by the writer thread within a few milliseconds.
    public func submitHeld(
        _ entries: [JournalEntry], completion: @escaping @Sendable (Result<Void, StorageError>) -> Void
    ) {
        writer.enqueue(.journal(entries, completion), held: true)
    }

    /// Commits the held submissions: on the calling thread when none of them needs a sync (their
    /// completions then run here), else on the writer thread. Returns true when completions held
    /// more submissions meanwhile, to be committed by another call.
    @discardableResult
    public func commitPending() -> Bool {
        writer.commitPending()
    }

    /// Commits, batch sizes: for metrics.
    public var counters: StorageCounters { writer.snapshot }

    /// Why the store takes no more changes, once a sync of its log failed (see `LogSyncer`): the
    /// disk may have lost what was written since the last good sync. Nil while all is well.
    public var failure: StorageError? { writer.failure }

    /// Waits for pending commits, then closes both connections; idempotent. Later calls throw or
    /// complete with `.closed`.
    public func close() {
        writer.close()
        reader.close()
    }

    // MARK: Reads

    /// All arrays, by name.
    public func arrays() throws(StorageError) -> [ArrayRecord] {
        try reader.read { store throws(StorageError) in try store.arrays() }
    }

    public func array(named name: String) throws(StorageError) -> ArrayRecord? {
        try reader.read { store throws(StorageError) in try store.array(named: name) }
    }

    /// The last acknowledged value of each register that has one; an absent index holds null.
    /// Empty for an unknown array.
    public func registerValues(array: String) throws(StorageError) -> [Int: Value] {
        try reader.read { store throws(StorageError) in try store.registerValues(array: array) }
    }

    /// Up to `limit` operations of the array's history with `id > after`, by id ascending.
    /// An operation still in flight reads as `info` without completion. Empty for an unknown array.
    /// What every replica of a replicated array holds, as committed.
    public func replicaSlots(array: String) throws(StorageError) -> [ReplicaSlot] {
        try reader.read { store throws(StorageError) in try store.replicaSlots(array: array) }
    }

    public func operations(array: String, after: Int?, limit: Int) throws(StorageError) -> [Histories.Operation] {
        try reader.read { store throws(StorageError) in try store.operations(array: array, after: after, limit: limit) }
    }

    public func operationCount(array: String) throws(StorageError) -> Int {
        try reader.read { store throws(StorageError) in try store.operationCount(array: array) }
    }

    /// The array's largest operation id, nil when it has none: the app continues the sequence.
    public func maxOperationID(array: String) throws(StorageError) -> Int? {
        try reader.read { store throws(StorageError) in try store.maxOperationID(array: array) }
    }

    /// The latest invocation or completion time of any operation, so the app keeps times increasing
    /// across restarts. Scans all operations: call it at start-up.
    public func maxOperationTime() throws(StorageError) -> Int64? {
        try reader.read { store throws(StorageError) in try store.maxOperationTime() }
    }
}

/// A result handed from the writer thread to a waiting caller.
///
/// `@unchecked Sendable`: written once by the completion before it signals the semaphore, read by
/// the caller only after waiting on it; the semaphore orders the two.
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
