import CSQLite

/// One SQLite connection: owns its `sqlite3*` from open to close.
///
/// Not thread-safe, on purpose: a connection is confined to one thread at a time by its owner (the
/// writer thread owns the write connection; a lock guards the read connection). It is opened with
/// `SQLITE_OPEN_NOMUTEX` because that confinement makes SQLite's own mutex redundant.
final class Database {
    private(set) var handle: OpaquePointer?
    let path: String
    /// What `onCommitToLog` installed; kept alive as long as the connection.
    private var logHook: LogHook?
    /// Prepared statements for the hot paths, keyed by their SQL. Finalized when the connection closes.
    private var cache: [String: Statement] = [:]
    /// The write path's statements, by `HotStatement.rawValue`: found without hashing their SQL.
    private var hot = [Statement?](repeating: nil, count: HotStatement.allCases.count)

    /// Opens (creating if `create`) the database at `path`.
    ///
    /// sqlite3_open_v2 can hand back a connection even when it fails; it is closed before throwing,
    /// so a failed open leaks nothing.
    init(path: String, create: Bool = true, busyTimeoutMillis: Int32 = 5000) throws(StorageError) {
        _ = Self.configured
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            var error = StorageError(connection: handle, code: code, sql: nil)
            error.kind = .cannotOpen
            error.message = "cannot open database at \(path): \(error.message)"
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMillis)
    }

    deinit { close() }

    /// Process-wide settings, made once before the first connection opens SQLite. Nothing here
    /// reads SQLite's memory statistics, and keeping them takes a global mutex on every allocation.
    private static let configured: Void = {
        _ = registrar_sqlite3_disable_memory_statistics()
    }()

    /// Finalizes the cached statements and closes the connection; idempotent.
    ///
    /// Uses sqlite3_close_v2: a statement still referenced elsewhere keeps the connection alive as a
    /// zombie until it is finalized, instead of making the close fail.
    func close() {
        cache.removeAll()
        hot = hot.map { _ in nil }
        if let handle, logHook != nil { sqlite3_wal_hook(handle, nil, nil) }
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Calls `body` on the committing thread after each commit on this connection, with the log's
    /// size in pages. This replaces SQLite's automatic checkpoint, which would run inside the commit
    /// (and on whatever thread made it); the owner checkpoints instead (`checkpoint()`).
    func onCommitToLog(_ body: @escaping (Int) -> Void) {
        guard let handle else { return }
        let hook = LogHook(body)
        logHook = hook
        sqlite3_wal_hook(handle, { context, _, _, pages in
            if let context { Unmanaged<LogHook>.fromOpaque(context).takeUnretainedValue().body(Int(pages)) }
            return SQLITE_OK
        }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// Copies what it can of the log into the database file, without waiting for readers or
    /// blocking the writer (`SQLITE_CHECKPOINT_PASSIVE`); any connection to the file may do it.
    func checkpoint() throws(StorageError) {
        let handle = try connection()
        let code = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        guard code == SQLITE_OK else { throw StorageError(connection: handle, code: code, sql: "checkpoint") }
    }

    /// The open connection, or `.closed`.
    func connection() throws(StorageError) -> OpaquePointer {
        guard let handle else { throw .closedStore }
        return handle
    }

    /// Runs `sql`, which may hold several statements and no parameters (schema scripts, pragmas).
    func execute(_ sql: String) throws(StorageError) {
        let handle = try connection()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            var error = StorageError(connection: handle, code: code, sql: sql)
            if let message { error.message = String(cString: message) }
            throw error
        }
    }

    /// A new statement for `sql`, finalized when released.
    func prepare(_ sql: String) throws(StorageError) -> Statement {
        let handle = try connection()
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw StorageError(connection: handle, code: code, sql: sql)
        }
        return Statement(handle: statement, connection: handle, sql: sql)
    }

    /// Runs `body` with the cached statement for `sql`, reset and cleared before and after.
    ///
    /// Resetting afterwards matters: a stepped but unreset SELECT holds its read snapshot open,
    /// which would hide later commits from this connection and block checkpoints.
    func withStatement<T>(_ sql: String, _ body: (Statement) throws(StorageError) -> T) throws(StorageError) -> T {
        let statement: Statement
        if let cached = cache[sql] {
            statement = cached
        } else {
            statement = try prepare(sql)
            cache[sql] = statement
        }
        defer { statement.reset() }
        return try body(statement)
    }

    /// Runs `body` with the prepared statement `key`, reset afterwards. Its bindings are not cleared:
    /// every use binds all of a hot statement's parameters (see `HotStatement`).
    func withStatement<T>(_ key: HotStatement, _ body: (Statement) throws(StorageError) -> T) throws(StorageError) -> T {
        let statement: Statement
        if let prepared = hot[key.rawValue] {
            statement = prepared
        } else {
            statement = try prepare(key.sql)
            hot[key.rawValue] = statement
        }
        defer { statement.reset(clearing: false) }
        return try body(statement)
    }

    /// Runs the parameterless statement `key`.
    func run(_ key: HotStatement) throws(StorageError) {
        try withStatement(key) { statement throws(StorageError) in try statement.runToEnd() }
    }

    /// Runs `sql` (one statement) with `bindings` and returns the rows SQLite changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue] = []) throws(StorageError) -> Int {
        try withStatement(sql) { statement throws(StorageError) in
            try statement.bind(bindings)
            try statement.runToEnd()
            return changes
        }
    }

    /// The first column of the first row of `sql`, or nil when there is no row or it is NULL.
    func scalarInt(_ sql: String, _ bindings: [SQLValue] = []) throws(StorageError) -> Int64? {
        try withStatement(sql) { statement throws(StorageError) in
            try statement.bind(bindings)
            guard try statement.step(), !statement.isNull(0) else { return nil }
            return statement.int64(0)
        }
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    var changes: Int { handle.map { Int(sqlite3_changes64($0)) } ?? 0 }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
    ///
    /// IMMEDIATE takes the write lock at BEGIN, so a busy database fails (after the busy timeout)
    /// before any work is done rather than at the first write, and never with a deadlock.
    func transaction<T>(_ body: () throws(StorageError) -> T) throws(StorageError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// Rolls back the open transaction, if any. Its own failure is ignored: it only happens when SQLite
    /// already rolled back (after an I/O error, for instance), which is the state we want.
    func rollback() {
        if let handle, sqlite3_get_autocommit(handle) == 0 {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        }
    }

    /// Sets a pragma and returns what SQLite answered (journal_mode answers the mode it took).
    @discardableResult
    func pragma(_ name: String, _ value: String) throws(StorageError) -> String? {
        // Pragma values cannot be bound; callers pass only constants of this module.
        let statement = try prepare("PRAGMA \(name) = \(value)")
        guard try statement.step() else { return nil }
        return statement.text(0)
    }
}

/// The closure behind `Database.onCommitToLog`, passed to SQLite as its context pointer.
private final class LogHook {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}
