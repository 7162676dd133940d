import CSQLite

/// A value bound to a statement parameter.
enum SQLValue {
    case int(Int64)
    case text(String)
    case null
}

/// SQLite copies a buffer bound with this destructor, so the Swift string may go away after binding.
/// It is SQLite's documented sentinel `(sqlite3_destructor_type)-1`.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement: owns its `sqlite3_stmt*` and finalizes it in `deinit`.
///
/// Confined to the thread of the connection that prepared it. Parameters are 1-based as in SQLite,
/// columns 0-based. Values are always bound, never interpolated into SQL.
final class Statement {
    let handle: OpaquePointer
    /// The connection, for error messages only; a Statement does not own it.
    private let connection: OpaquePointer
    let sql: String

    init(handle: OpaquePointer, connection: OpaquePointer, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    private func check(_ code: Int32) throws(StorageError) {
        guard code == SQLITE_OK else { throw StorageError(connection: connection, code: code, sql: sql) }
    }

    /// Makes the statement ready to run again with new parameters.
    ///
    /// sqlite3_reset repeats the last step's error, which was already reported by `step`.
    /// `clearing: false` leaves the bindings in place, for a statement whose every parameter is
    /// bound before each run (the hot statements): clearing them cost as much as binding.
    func reset(clearing: Bool = true) {
        sqlite3_reset(handle)
        if clearing { sqlite3_clear_bindings(handle) }
    }

    func bind(_ value: Int64, at index: Int32) throws(StorageError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ value: Int, at index: Int32) throws(StorageError) {
        try bind(Int64(value), at: index)
    }

    /// Binds the UTF-8 bytes of `value`, with their length, so strings holding NUL survive.
    func bind(_ value: String, at index: Int32) throws(StorageError) {
        var value = value
        let code = value.withUTF8 { bytes -> Int32 in
            // A nil pointer would bind NULL, not the empty string.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
            }
        }
        try check(code)
    }

    /// Binds a constant without copying it: its bytes live as long as the program.
    func bind(_ value: StaticString, at index: Int32) throws(StorageError) {
        let code = value.withUTF8Buffer { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)  // nil: SQLITE_STATIC
            }
        }
        try check(code)
    }

    func bind(_ value: StaticString?, at index: Int32) throws(StorageError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds `bytes` as text without copying them, runs `body` (which steps the statement), then
    /// resets the statement and clears its bindings.
    ///
    /// SQLite reads the bytes in place (`SQLITE_STATIC`), so they must outlive every step that uses
    /// them: hence the closure, and the reset before the buffer is released. For documents of tens
    /// of MB this saves SQLite's copy. The bytes are stored as given, valid UTF-8 or not.
    func withText<T>(
        _ bytes: [UInt8], at index: Int32, _ body: () throws(StorageError) -> T
    ) throws(StorageError) -> T {
        let outcome = bytes.withUnsafeBufferPointer { buffer -> Result<T, StorageError> in
            defer { reset() }
            // A nil pointer would bind NULL, not the empty string.
            let code =
                if let base = buffer.baseAddress, !buffer.isEmpty {
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        sqlite3_bind_text64(handle, index, $0, UInt64(buffer.count), nil, UInt8(SQLITE_UTF8))
                    }
                } else {
                    sqlite3_bind_text(handle, index, "", 0, transient)
                }
            do throws(StorageError) {
                try check(code)
                return .success(try body())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    func bindNull(at index: Int32) throws(StorageError) {
        try check(sqlite3_bind_null(handle, index))
    }

    func bind(_ value: String?, at index: Int32) throws(StorageError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    func bind(_ value: Int64?, at index: Int32) throws(StorageError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds `values` to parameters 1, 2, …
    func bind(_ values: [SQLValue]) throws(StorageError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case let .int(i): try bind(i, at: index)
            case let .text(s): try bind(s, at: index)
            case .null: try bindNull(at: index)
            }
        }
    }

    /// Advances to the next row: true on a row, false when done.
    func step() throws(StorageError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StorageError(connection: connection, code: code, sql: sql)
        }
    }

    /// Steps until done, for statements that return no rows of interest.
    func runToEnd() throws(StorageError) {
        while try step() {}
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    /// The column as text (empty for NULL), decoded from exactly the bytes SQLite holds.
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column's bytes exactly as stored (text or blob; empty for NULL), in one copy.
    func bytes(_ column: Int32) -> [UInt8] {
        // sqlite3_column_blob first, then sqlite3_column_bytes: the order SQLite documents.
        guard let base = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return [UInt8](UnsafeRawBufferPointer(start: base, count: count))
    }

    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }
}
