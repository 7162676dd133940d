import CSQLite

extension Database {
    /// The bytes of one TEXT or BLOB cell, or nil when `table` has no row `rowid`.
    ///
    /// Uses incremental blob I/O: SQLite copies the cell from its pages straight into the returned
    /// array, where a SELECT would first build the whole value in its own buffer (two copies of a
    /// document of tens of MB instead of one). The handle reads one consistent snapshot and is
    /// closed before returning. `table` and `column` are constants of this module, never user input.
    func readCell(table: String, column: String, rowid: Int64) throws(StorageError) -> [UInt8]? {
        let handle = try connection()
        var blob: OpaquePointer?
        let opened = sqlite3_blob_open(handle, "main", table, column, rowid, 0, &blob)
        defer { sqlite3_blob_close(blob) }
        guard opened == SQLITE_OK, let blob else {
            let error = StorageError(connection: handle, code: opened, sql: nil)
            // A missing row is SQLITE_ERROR too: tell it apart by asking, not by the message.
            if opened == SQLITE_ERROR, try scalarInt("SELECT count(*) FROM \(table) WHERE rowid = ?1", [.int(rowid)]) == 0 {
                return nil
            }
            throw error
        }
        let count = Int(sqlite3_blob_bytes(blob))
        var code = SQLITE_OK
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress, count > 0 {
                code = sqlite3_blob_read(blob, base, Int32(count), 0)
                // On failure the array is thrown away; zeroed, it is at least initialized.
                if code != SQLITE_OK { base.initialize(repeating: 0, count: count) }
            }
            initialized = count
        }
        guard code == SQLITE_OK else {
            var error = StorageError(connection: handle, code: code, sql: nil)
            error.message = "cannot read \(table).\(column) of row \(rowid): \(error.message)"
            throw error
        }
        return bytes
    }
}
