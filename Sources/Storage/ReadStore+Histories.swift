/// Submitted histories, on a read connection.
extension ReadStore {
    private static let historyColumns = """
        id, name, format, model, operation_count, register_count, created_at, verdict_state, consistency,
        checked_at
        """

    private func historyRecord(_ statement: Statement) throws(StorageError) -> HistoryRecord {
        guard let state = VerdictState(rawValue: statement.text(7)) else {
            throw StorageError(kind: .sqlite, message: "corrupt verdict_state column: \(statement.text(7))", sql: statement.sql)
        }
        return HistoryRecord(
            id: statement.int64(0), name: statement.optionalText(1), format: statement.text(2),
            model: statement.text(3), operationCount: statement.int(4), registerCount: statement.int(5),
            createdAt: statement.int64(6), verdictState: state, consistency: statement.optionalText(8),
            checkedAt: statement.optionalInt64(9))
    }

    func history(id: Int64) throws(StorageError) -> HistoryRecord? {
        try database.withStatement("SELECT \(Self.historyColumns) FROM histories WHERE id = ?1") { statement throws(StorageError) in
            try statement.bind(id, at: 1)
            return try statement.step() ? try historyRecord(statement) : nil
        }
    }

    /// Newest first: ids below `before` (all when nil), at most `limit`. Walks the rowid b-tree
    /// backwards from `before`, so every page costs the same however deep it is.
    func histories(before: Int64?, limit: Int) throws(StorageError) -> [HistoryRecord] {
        let sql = "SELECT \(Self.historyColumns) FROM histories WHERE id < ?1 ORDER BY id DESC LIMIT ?2"
        return try database.withStatement(sql) { statement throws(StorageError) in
            try statement.bind(before ?? Int64.max, at: 1)
            try statement.bind(max(limit, 0), at: 2)
            var records: [HistoryRecord] = []
            records.reserveCapacity(min(max(limit, 0), 1024))
            while try statement.step() { records.append(try historyRecord(statement)) }
            return records
        }
    }

    func historyDocument(id: Int64) throws(StorageError) -> [UInt8]? {
        try database.readCell(table: "history_documents", column: "document", rowid: id)
    }

    /// The verdict bytes; nil when the history is pending or does not exist.
    func historyVerdict(id: Int64) throws(StorageError) -> [UInt8]? {
        try database.withStatement("SELECT verdict FROM histories WHERE id = ?1") { statement throws(StorageError) in
            try statement.bind(id, at: 1)
            guard try statement.step(), !statement.isNull(0) else { return nil }
            return statement.bytes(0)
        }
    }

    /// Ids of histories still pending, oldest first (the order to re-check them in).
    func pendingHistoryIDs() throws(StorageError) -> [Int64] {
        let sql = "SELECT id FROM histories WHERE verdict_state = 'pending' ORDER BY id"
        return try database.withStatement(sql) { statement throws(StorageError) in
            var ids: [Int64] = []
            while try statement.step() { ids.append(statement.int64(0)) }
            return ids
        }
    }

    func historyCount() throws(StorageError) -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM histories") ?? 0)
    }
}
