import CSQLite

/// The Storage module's only error: what went wrong, with the evidence to find out why.
///
/// SQLite failures carry the primary and extended result codes, SQLite's message and the SQL that
/// failed. Errors Storage raises itself (a duplicate array, a schema too new) carry a `kind` the app
/// maps to an HTTP status, and zero result codes.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the caller can do about the error.
    public enum Kind: String, Sendable, Hashable {
        /// SQLite refused: I/O, corruption, a constraint the schema enforces. Usually a 500.
        case sqlite
        /// The database file could not be opened (bad path, permissions, not a database).
        case cannotOpen
        /// The row already exists: an array with that name, an operation with that id. A 409.
        case alreadyExists
        /// The array or the pending operation named does not exist. A 404 (or a bug in the caller).
        case notFound
        /// The request is malformed for the store: a register index out of range, a string register.
        case invalid
        /// The database was written by a newer registrar; it is refused and left untouched.
        case schemaTooNew
        /// A migration is malformed: bad file name, duplicate version, edited after it shipped.
        case badMigration
        /// The store is closed.
        case closed
        /// The API was used in a way that would deadlock or corrupt state.
        case misuse
    }

    public var kind: Kind
    /// SQLite's primary result code (`SQLITE_CONSTRAINT`), or 0 when SQLite was not involved.
    public var resultCode: Int32
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`), or 0.
    public var extendedCode: Int32
    public var message: String
    /// The statement that failed, when one did.
    public var sql: String?

    public init(kind: Kind, resultCode: Int32 = 0, extendedCode: Int32 = 0, message: String, sql: String? = nil) {
        self.kind = kind
        self.resultCode = resultCode
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The error SQLite reports on `connection` for result code `code`.
    init(connection: OpaquePointer?, code: Int32, sql: String?) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        // sqlite3_errmsg never returns NULL (it falls back to "out of memory"); errstr neither.
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        let kind: Kind =
            switch extended {
            case StorageError.constraintUnique, StorageError.constraintPrimaryKey: .alreadyExists
            default: .sqlite
            }
        self.init(kind: kind, resultCode: code & 0xff, extendedCode: extended, message: message, sql: sql)
    }

    public var description: String {
        var text = "storage error (\(kind.rawValue)): \(message)"
        if resultCode != 0 { text += " [code \(resultCode), extended \(extendedCode)]" }
        if let sql { text += " in: \(sql)" }
        return text
    }

    // The extended codes are C macro expressions Swift does not import: SQLITE_CONSTRAINT | (n << 8).
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let ioErrorFsync: Int32 = SQLITE_IOERR | (4 << 8)

    static let closedStore = StorageError(kind: .closed, message: "the store is closed")
}
