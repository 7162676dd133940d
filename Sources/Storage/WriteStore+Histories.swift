/// Submitted histories, on the write connection (writer thread only).
extension WriteStore {
    /// Inserts `record` (its `id` is ignored) with its document and, when checked, its verdict;
    /// returns the new id. Runs inside the writer's savepoint: both rows or neither.
    func insertHistory(_ record: HistoryRecord, document: [UInt8], verdict: [UInt8]?) throws(StorageError) -> Int64 {
        let sql = """
            INSERT INTO histories (name, format, model, operation_count, register_count, created_at,
                verdict_state, consistency, checked_at, verdict)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """
        try database.withStatement(sql) { statement throws(StorageError) in
            try statement.bind(record.name, at: 1)
            try statement.bind(record.format, at: 2)
            try statement.bind(record.model, at: 3)
            try statement.bind(record.operationCount, at: 4)
            try statement.bind(record.registerCount, at: 5)
            try statement.bind(record.createdAt, at: 6)
            try statement.bind(record.verdictState.rawValue, at: 7)
            try statement.bind(record.consistency, at: 8)
            try statement.bind(record.checkedAt, at: 9)
            if let verdict {
                try statement.withText(verdict, at: 10) { () throws(StorageError) in try statement.runToEnd() }
            } else {
                try statement.bindNull(at: 10)
                try statement.runToEnd()
            }
        }
        let id = database.lastInsertRowID
        try database.withStatement("INSERT INTO history_documents (history_id, document) VALUES (?1, ?2)") {
            statement throws(StorageError) in
            try statement.bind(id, at: 1)
            try statement.withText(document, at: 2) { () throws(StorageError) in try statement.runToEnd() }
        }
        return id
    }

    /// Stores the verdict of history `id` (replacing one already there) and marks it done;
    /// `.notFound` when there is no such history.
    func setHistoryVerdict(id: Int64, json: [UInt8], consistency: String, checkedAt: Int64) throws(StorageError) {
        let sql = """
            UPDATE histories SET verdict_state = 'done', verdict = ?2, consistency = ?3, checked_at = ?4
            WHERE id = ?1
            """
        let changed = try database.withStatement(sql) { statement throws(StorageError) in
            try statement.bind(id, at: 1)
            try statement.bind(consistency, at: 3)
            try statement.bind(checkedAt, at: 4)
            try statement.withText(json, at: 2) { () throws(StorageError) in try statement.runToEnd() }
            return database.changes
        }
        guard changed == 1 else {
            throw StorageError(kind: .notFound, message: "no history with id \(id)", sql: sql)
        }
    }

    /// Deletes history `id` and its document; false when there was none.
    func deleteHistory(id: Int64) throws(StorageError) -> Bool {
        // The document goes too by ON DELETE CASCADE; deleted explicitly as well, so it does not
        // depend on the connection's foreign_keys setting.
        try database.run("DELETE FROM history_documents WHERE history_id = ?1", [.int(id)])
        return try database.run("DELETE FROM histories WHERE id = ?1", [.int(id)]) > 0
    }
}
