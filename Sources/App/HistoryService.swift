import Checker
import Dispatch
import Histories
import JSON
import Storage
import Synchronization

/// Submitted histories: decode, check (now, or in the background when the request's budget is too
/// small), store with the verdict, and hand them back.
final class HistoryService: Sendable {
    private let storage: Storage
    /// One background check at a time, so a big history cannot starve the requests of both cores.
    private let background = DispatchQueue(label: "registrar.history-checks", qos: .utility)
    private let stopping = Atomic<Bool>(false)
    private let pending = DispatchGroup()
    let budgets: Budgets

    /// How long a check may take.
    struct Budgets: Sendable {
        /// Within a submission request; past it the history is accepted (202) and checked later.
        var request: Double = 2
        /// In the background; past it the verdict is `unknown`.
        var background: Double = 300
        /// Histories with more operations go straight to the background.
        var requestOperations = 200_000
    }

    /// A stored history and its verdict, if decided.
    struct Submission: Sendable {
        var record: HistoryRecord
        var verdict: [UInt8]?
    }

    init(storage: Storage, budgets: Budgets = Budgets()) {
        self.storage = storage
        self.budgets = budgets
    }

    /// Re-checks the histories a restart interrupted.
    func resumePendingChecks() throws(AppError) {
        for id in try storing({ () throws(StorageError) in try storage.pendingHistoryIDs() }) {
            checkLater(id: id)
        }
    }

    /// Decodes, checks and stores a history. The verdict is nil when it was left to the background.
    func submit(_ bytes: [UInt8], format: HistoryFormat?, options: HistoryDecodingOptions, name: String?) throws(AppError) -> Submission {
        guard let format = format ?? HistoryFormat.detect(bytes) else {
            throw .badRequest(
                "could not tell the history's format from its content; name it with ?format= (native, edn, jepsen-json, text, porcupine)",
                pointer: "format", example: "curl -X POST 'localhost:8080/histories?format=edn' --data-binary @history.edn")
        }
        var history: History
        do {
            history = try History.decode(bytes, format: format, options: options)
        } catch {
            throw .invalidHistory(error)
        }
        if let name { history.name = name }
        var verdict: Verdict?
        if history.operations.count <= budgets.requestOperations {
            let checked = Self.check(history, seconds: budgets.request)
            // Undecided within the request's budget: the background has a bigger one.
            if checked.consistency != .unknown { verdict = checked }
        }
        let verdictJSON = verdict.map { ($0.json.serializedBytes(), $0.consistency.rawValue) }
        let registers = Set(history.operations.map(\.register)).count
        let record = try storing { () throws(StorageError) in
            try storage.insertHistory(
                name: history.name, format: format.rawValue, model: history.model.rawValue,
                operationCount: history.operations.count, registerCount: registers,
                document: history.nativeJSONBytes(), verdict: verdictJSON.map { (json: $0.0, consistency: $0.1) })
        }
        if verdict == nil { checkLater(id: record.id) }
        return Submission(record: record, verdict: verdictJSON?.0)
    }

    func record(id: Int64) throws(AppError) -> HistoryRecord {
        guard let record = try storing({ () throws(StorageError) in try storage.history(id: id) }) else {
            throw .notFound("no history \(id)")
        }
        return record
    }

    /// The history as stored (native JSON).
    func document(id: Int64) throws(AppError) -> [UInt8] {
        guard let bytes = try storing({ () throws(StorageError) in try storage.historyDocument(id: id) }) else {
            throw .notFound("no history \(id)")
        }
        return bytes
    }

    func history(id: Int64) throws(AppError) -> History {
        let bytes = try document(id: id)
        do {
            return try History.decode(bytes, format: .native)
        } catch {
            throw .unexpected("stored history \(id) does not decode: \(error)")
        }
    }

    /// The stored verdict (SPEC §4 JSON), nil while pending.
    func verdict(id: Int64) throws(AppError) -> [UInt8]? {
        try storing { () throws(StorageError) in try storage.historyVerdict(id: id) }
    }

    /// Newest first, `limit` at most, older than `before`.
    func list(before: Int64?, limit: Int) throws(AppError) -> [HistoryRecord] {
        try storing { () throws(StorageError) in try storage.histories(before: before, limit: limit) }
    }

    func delete(id: Int64) throws(AppError) {
        guard try storing({ () throws(StorageError) in try storage.deleteHistory(id: id) }) else {
            throw .notFound("no history \(id)")
        }
    }

    /// Stops background checks (an interrupted one is redone at the next start) and waits for them.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        pending.wait()
    }

    /// The verdict of `history`, given `seconds` of wall-clock time.
    static func check(_ history: History, seconds: Double, isCancelled: @escaping @Sendable () -> Bool = { false }) -> Verdict {
        let now: @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
        let options = CheckOptions(now: now, deadline: now() + UInt64(seconds * 1e9), isCancelled: isCancelled)
        return Checker.check(history, options: options)
    }

    private func checkLater(id: Int64) {
        background.async(group: pending) { [self] in
            guard !stopping.load(ordering: .relaxed) else { return }
            do {
                let history = try history(id: id)
                let verdict = Self.check(history, seconds: budgets.background) { [self] in
                    stopping.load(ordering: .relaxed)
                }
                // A check cut short by shutdown is not a verdict: leave it pending, to redo at start.
                guard !stopping.load(ordering: .relaxed) else { return }
                try storage.setHistoryVerdict(id: id, json: verdict.json.serializedBytes(), consistency: verdict.consistency.rawValue)
            } catch {
                Log.error("background check of history \(id) failed: \(error)")
            }
        }
    }
}
