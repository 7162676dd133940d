/// Submitted histories: the native JSON document the app parsed them into, and their verdicts.
///
/// Writes go through the writer thread like array creation: they share its group commit and are
/// durable when they return, so (like every synchronous write) they throw `.misuse` when called
/// from a `submit` completion. Documents and verdicts are bytes, stored and returned byte for byte.
extension Storage {
    /// The overall levels a verdict can have; `consistency` must be one of them.
    public static let historyConsistencies: Set<String> = ["atomic", "regular", "safe", "none", "unknown"]

    /// Stores a new history (its native JSON document) and, if already checked, its verdict, in one
    /// transaction through the writer (durable when it returns). Returns the record with its new id.
    ///
    /// The document is bound in place, not copied, so a document of tens of MB costs the write
    /// itself. Throws `.invalid` for a negative count or an unknown `consistency`.
    public func insertHistory(
        name: String?, format: String, model: String, operationCount: Int, registerCount: Int,
        document: [UInt8], verdict: (json: [UInt8], consistency: String)?
    ) throws(StorageError) -> HistoryRecord {
        guard operationCount >= 0, registerCount >= 0 else {
            throw StorageError(
                kind: .invalid,
                message: "a history cannot have \(operationCount) operations and \(registerCount) registers")
        }
        if let verdict { try Self.validate(consistency: verdict.consistency) }
        let now = Self.nowMillis()
        var record = HistoryRecord(
            id: 0, name: name, format: format, model: model, operationCount: operationCount,
            registerCount: registerCount, createdAt: now, verdictState: verdict == nil ? .pending : .done,
            consistency: verdict?.consistency, checkedAt: verdict == nil ? nil : now)
        let pending = record
        let verdictJSON = verdict?.json
        let id = Box<Int64>(0)
        try perform { store throws(StorageError) in
            id.value = try store.insertHistory(pending, document: document, verdict: verdictJSON)
        }
        record.id = id.value
        return record
    }

    /// The history's record; nil when there is none.
    public func history(id: Int64) throws(StorageError) -> HistoryRecord? {
        try reader.read { store throws(StorageError) in try store.history(id: id) }
    }

    /// The history's native JSON document, byte for byte as inserted; nil when there is none.
    public func historyDocument(id: Int64) throws(StorageError) -> [UInt8]? {
        try reader.read { store throws(StorageError) in try store.historyDocument(id: id) }
    }

    /// The verdict JSON, byte for byte as stored; nil while pending or when there is no such history.
    public func historyVerdict(id: Int64) throws(StorageError) -> [UInt8]? {
        try reader.read { store throws(StorageError) in try store.historyVerdict(id: id) }
    }

    /// Newest first; `before` is the cursor (an id: return ids < before); returns up to `limit`.
    ///
    /// Pass the last id of a page as `before` for the next one. Ids are never reused, so pages
    /// neither repeat nor skip a history, even when histories are inserted or deleted meanwhile
    /// (new ones appear on the first page only). A `limit` of 0 or less returns nothing.
    public func histories(before: Int64?, limit: Int) throws(StorageError) -> [HistoryRecord] {
        try reader.read { store throws(StorageError) in try store.histories(before: before, limit: limit) }
    }

    /// Stores the verdict of history `id` and marks it done (replacing a verdict already there, so a
    /// re-check may overwrite). Durable when it returns. Throws `.notFound` when there is no such
    /// history, `.invalid` for an unknown `consistency`.
    public func setHistoryVerdict(id: Int64, json: [UInt8], consistency: String) throws(StorageError) {
        try Self.validate(consistency: consistency)
        let now = Self.nowMillis()
        try perform { store throws(StorageError) in
            try store.setHistoryVerdict(id: id, json: json, consistency: consistency, checkedAt: now)
        }
    }

    /// Ids of the histories without a verdict, oldest first: check them again after a restart.
    public func pendingHistoryIDs() throws(StorageError) -> [Int64] {
        try reader.read { store throws(StorageError) in try store.pendingHistoryIDs() }
    }

    /// Deletes the history with its document and verdict; false when there was none. Its id is
    /// never given to another history.
    public func deleteHistory(id: Int64) throws(StorageError) -> Bool {
        let deleted = Box(false)
        try perform { store throws(StorageError) in deleted.value = try store.deleteHistory(id: id) }
        return deleted.value
    }

    public func historyCount() throws(StorageError) -> Int {
        try reader.read { store throws(StorageError) in try store.historyCount() }
    }

    private static func validate(consistency: String) throws(StorageError) {
        guard historyConsistencies.contains(consistency) else {
            throw StorageError(
                kind: .invalid,
                message: "consistency \(consistency) is not one of \(historyConsistencies.sorted().joined(separator: ", "))")
        }
    }
}
