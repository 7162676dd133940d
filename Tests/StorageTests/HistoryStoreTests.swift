import Foundation
import Testing
@testable import Storage

/// Inserts a history with a small document naming `label`; pending unless `verdict` is given.
@discardableResult
func insertHistory(
    _ storage: Storage, _ label: String = "h", document: [UInt8]? = nil,
    verdict: (json: [UInt8], consistency: String)? = nil
) throws -> HistoryRecord {
    try storage.insertHistory(
        name: label, format: "native", model: "register", operationCount: 3, registerCount: 1,
        document: document ?? Array(#"{"name":"\#(label)","operations":[]}"#.utf8), verdict: verdict)
}

/// Every byte value, NUL and invalid UTF-8 included: what goes in must come out.
let everyByte: [UInt8] = Array(0...255) + [0xff, 0xfe, 0x00, 0xc3, 0x28]

final class IDsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int64] = []
    func append(_ id: Int64) { lock.withLock { stored.append(id) } }
    var value: [Int64] { lock.withLock { stored } }
}

@Suite struct HistoryStoreTests {
    @Test func aNewHistoryIsPendingAndReadsBackAsInserted() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let before = Storage.nowMillis()
        let record = try storage.insertHistory(
            name: nil, format: "jepsen-edn", model: "cas-register", operationCount: 12, registerCount: 3,
            document: Array("{}".utf8), verdict: nil)
        #expect(record.id > 0)
        #expect(record.name == nil)
        #expect(record.format == "jepsen-edn")
        #expect(record.model == "cas-register")
        #expect(record.operationCount == 12)
        #expect(record.registerCount == 3)
        #expect(record.createdAt >= before && record.createdAt <= Storage.nowMillis())
        #expect(record.verdictState == .pending)
        #expect(record.consistency == nil)
        #expect(record.checkedAt == nil)
        #expect(try storage.history(id: record.id) == record)
        #expect(try storage.historyVerdict(id: record.id) == nil)
        #expect(try storage.pendingHistoryIDs() == [record.id])
        #expect(try storage.historyCount() == 1)
    }

    @Test func aHistoryInsertedWithItsVerdictIsDone() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let verdict = Array(#"{"consistency":"regular","registers":[],"elapsedMicros":412}"#.utf8)
        let record = try insertHistory(storage, "checked", verdict: (verdict, "regular"))
        #expect(record.verdictState == .done)
        #expect(record.consistency == "regular")
        #expect(record.checkedAt == record.createdAt)
        #expect(try storage.history(id: record.id) == record)
        #expect(try storage.historyVerdict(id: record.id) == verdict)
        #expect(try storage.pendingHistoryIDs() == [])
    }

    @Test func missingHistoriesReadAsNil() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        #expect(try storage.history(id: 1) == nil)
        #expect(try storage.historyDocument(id: 1) == nil)
        #expect(try storage.historyVerdict(id: 1) == nil)
        #expect(try storage.histories(before: nil, limit: 10) == [])
        #expect(try storage.historyCount() == 0)
    }

    @Test func pagesNewestFirstWithoutDuplicatesOrGaps() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let inserted = try (0..<25).map { try insertHistory(storage, "h\($0)") }
        var pages: [[HistoryRecord]] = []
        var before: Int64?
        while true {
            let page = try storage.histories(before: before, limit: 10)
            if page.isEmpty { break }
            pages.append(page)
            before = page.last?.id
        }
        #expect(pages.map(\.count) == [10, 10, 5])
        let listed = pages.flatMap { $0 }
        #expect(listed == inserted.reversed())
        #expect(Set(listed.map(\.id)).count == 25)
        #expect(try storage.histories(before: nil, limit: 0) == [])
        #expect(try storage.histories(before: nil, limit: -1) == [])
        #expect(try storage.histories(before: inserted[0].id, limit: 10) == [])
    }

    @Test func aCursorIsStableWhileHistoriesComeAndGo() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let inserted = try (0..<6).map { try insertHistory(storage, "h\($0)") }
        let first = try storage.histories(before: nil, limit: 3)
        #expect(first.map(\.id) == [inserted[5].id, inserted[4].id, inserted[3].id])
        // A newer history and the deletion of one already listed move nothing on later pages.
        try insertHistory(storage, "newer")
        #expect(try storage.deleteHistory(id: inserted[4].id))
        let second = try storage.histories(before: first.last?.id, limit: 3)
        #expect(second.map(\.id) == [inserted[2].id, inserted[1].id, inserted[0].id])
    }

    @Test func documentAndVerdictRoundTripByteForByte() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let unicode = Array(#"{"name":"é ✓ 𝄞 \u0000","operations":[{"value":1.0e+2}]}"#.utf8)
        for document in [everyByte, unicode, []] {
            let record = try insertHistory(storage, document: document, verdict: (everyByte, "none"))
            #expect(try storage.historyDocument(id: record.id) == document)
            #expect(try storage.historyVerdict(id: record.id) == everyByte)
        }
        // An empty verdict is a verdict, not a pending state.
        let empty = try insertHistory(storage, verdict: ([], "unknown"))
        #expect(try storage.historyVerdict(id: empty.id) == [])
        #expect(try storage.history(id: empty.id)?.verdictState == .done)
    }

    @Test func aPendingHistoryBecomesDone() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let record = try insertHistory(storage)
        let other = try insertHistory(storage, "other")
        let verdict = Array(#"{"consistency":"atomic"}"#.utf8)
        try storage.setHistoryVerdict(id: record.id, json: verdict, consistency: "atomic")
        let done = try #require(try storage.history(id: record.id))
        #expect(done.verdictState == .done)
        #expect(done.consistency == "atomic")
        #expect(done.checkedAt.map { $0 >= record.createdAt } == true)
        #expect(try storage.historyVerdict(id: record.id) == verdict)
        #expect(try storage.pendingHistoryIDs() == [other.id])
        // A re-check replaces the verdict.
        let again = Array(#"{"consistency":"safe"}"#.utf8)
        try storage.setHistoryVerdict(id: record.id, json: again, consistency: "safe")
        #expect(try storage.historyVerdict(id: record.id) == again)
        #expect(try storage.history(id: record.id)?.consistency == "safe")
    }

    @Test func aVerdictForNoHistoryIsNotFound() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let error = #expect(throws: StorageError.self) {
            try storage.setHistoryVerdict(id: 42, json: Array("{}".utf8), consistency: "atomic")
        }
        #expect(error?.kind == .notFound)
        #expect(error?.message == "no history with id 42")
    }

    @Test func anUnknownConsistencyOrANegativeCountIsInvalidAndStoresNothing() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let record = try insertHistory(storage)
        let badVerdict = #expect(throws: StorageError.self) {
            try storage.setHistoryVerdict(id: record.id, json: Array("{}".utf8), consistency: "linearizable")
        }
        #expect(badVerdict?.kind == .invalid)
        #expect(badVerdict?.message.contains("linearizable") == true)
        #expect(try storage.history(id: record.id)?.verdictState == .pending)
        let badInsert = #expect(throws: StorageError.self) {
            try insertHistory(storage, verdict: (Array("{}".utf8), "Atomic"))
        }
        #expect(badInsert?.kind == .invalid)
        let negative = #expect(throws: StorageError.self) {
            try storage.insertHistory(
                name: nil, format: "native", model: "register", operationCount: -1, registerCount: 0,
                document: [], verdict: nil)
        }
        #expect(negative?.kind == .invalid)
        #expect(try storage.historyCount() == 1)
    }

    @Test func pendingHistoriesAndDocumentsSurviveAReopen() throws {
        let directory = try TemporaryDirectory()
        var ids: [Int64] = []
        do {
            let storage = try openStorage(directory)
            ids.append(try insertHistory(storage, "a").id)
            ids.append(try insertHistory(storage, "b", verdict: (Array("{}".utf8), "safe")).id)
            ids.append(try insertHistory(storage, "c", document: everyByte).id)
            storage.close()
        }
        let storage = try openStorage(directory)
        defer { storage.close() }
        #expect(try storage.pendingHistoryIDs() == [ids[0], ids[2]])
        #expect(try storage.historyDocument(id: ids[2]) == everyByte)
        #expect(try storage.historyVerdict(id: ids[1]) == Array("{}".utf8))
        #expect(try storage.histories(before: nil, limit: 10).map(\.name) == ["c", "b", "a"])
    }

    @Test func deletingAHistoryDeletesItsDocumentAndNeverReusesItsID() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        let kept = try insertHistory(storage, "kept")
        let gone = try insertHistory(storage, "gone", verdict: (Array("{}".utf8), "atomic"))
        #expect(try storage.deleteHistory(id: gone.id))
        #expect(try storage.deleteHistory(id: gone.id) == false)
        #expect(try storage.history(id: gone.id) == nil)
        #expect(try storage.historyDocument(id: gone.id) == nil)
        #expect(try storage.historyVerdict(id: gone.id) == nil)
        #expect(try storage.historyCount() == 1)
        #expect(try storage.historyDocument(id: kept.id) != nil)
        // The newest was deleted; its id still goes to no one, after a restart too.
        storage.close()
        let reopened = try openStorage(directory)
        defer { reopened.close() }
        let next = try insertHistory(reopened, "next")
        #expect(next.id > gone.id)
        let orphans = try Database(path: directory.file("registrar.sqlite"), create: false)
        #expect(try orphans.scalarInt("SELECT count(*) FROM history_documents") == 2)
    }

    @Test func aTwentyMegabyteDocumentRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        // 20 MiB of varied bytes, so a truncation or a shifted page would show.
        let size = 20 * 1024 * 1024
        let document = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var state: UInt32 = 2_463_534_242  // xorshift32, seed fixed
            for index in 0..<size {
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                buffer[index] = UInt8(truncatingIfNeeded: state)
            }
            count = size
        }
        let record = try insertHistory(storage, "big", document: document)
        let small = try insertHistory(storage, "small")
        #expect(try storage.historyDocument(id: record.id) == document)
        try storage.setHistoryVerdict(id: record.id, json: Array("{}".utf8), consistency: "unknown")
        #expect(try storage.historyDocument(id: record.id) == document)
        #expect(try storage.histories(before: nil, limit: 10).map(\.id) == [small.id, record.id])
        #expect(try storage.deleteHistory(id: record.id))
        #expect(try storage.historyDocument(id: record.id) == nil)
    }

    @Test func concurrentInsertsGetDistinctIDs() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let ids = IDsBox()
        let failures = Counter()
        runOnThreads(16) { thread in
            for index in 0..<5 {
                do {
                    ids.append(try insertHistory(storage, "t\(thread)-\(index)").id)
                } catch {
                    failures.increment()
                }
            }
        }
        #expect(failures.value == 0)
        #expect(Set(ids.value).count == 80)
        #expect(try storage.historyCount() == 80)
        #expect(try storage.histories(before: nil, limit: 100).map(\.id) == ids.value.sorted(by: >))
    }

    @Test func synchronousHistoryWritesFromACompletionAreRefused() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let kind = KindBox()
        let done = DispatchSemaphore(value: 0)
        storage.submit([]) { _ in
            do { try insertHistory(storage) } catch let error as StorageError { kind.value = error.kind } catch {}
            done.signal()
        }
        done.wait()
        #expect(kind.value == .misuse)
        #expect(try storage.historyCount() == 0)
    }

    @Test func closedStoreRefusesHistoryCalls() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        storage.close()
        #expect(throws: StorageError.closedStore) { try insertHistory(storage) }
        #expect(throws: StorageError.closedStore) { try storage.historyDocument(id: 1) }
    }
}
