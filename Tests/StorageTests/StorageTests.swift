import Foundation
import Histories
import Testing
@testable import Storage

@Suite struct StorageTests {
    @Test func createsListsAndDescribesArrays() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        #expect(try storage.arrays() == [])
        let b = ArrayRecord(name: "b", size: 3, semantics: "regular", replicas: 5, createdAt: 123)
        try storage.createArray(b)
        try storage.createArray(array("a"))
        #expect(try storage.arrays().map(\.name) == ["a", "b"])
        #expect(try storage.array(named: "b") == b)
        #expect(try storage.array(named: "missing") == nil)
    }

    @Test func creatingAnExistingArrayIsAlreadyExists() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("a"))
        let error = #expect(throws: StorageError.self) { try storage.createArray(array("a", size: 9)) }
        #expect(error?.kind == .alreadyExists)
        #expect(error?.message.contains("an array named a already exists") == true)
        #expect(try storage.array(named: "a")?.size == 4)
    }

    @Test func deletingAnArrayDeletesItsRegistersAndOperations() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("gone"))
        try storage.createArray(array("kept"))
        for name in ["gone", "kept"] {
            try submitAndWait(storage, [
                .record(array: name, operation: write(0, value: .int(1), invoke: 1, complete: 2)),
                .registerValue(array: name, index: 0, value: .int(1)),
            ]).get()
        }
        #expect(try storage.deleteArray(named: "gone"))
        #expect(try storage.deleteArray(named: "gone") == false)
        #expect(try storage.array(named: "gone") == nil)
        #expect(try storage.operationCount(array: "gone") == 0)
        #expect(try storage.registerValues(array: "gone") == [:])
        #expect(try storage.operationCount(array: "kept") == 1)
        // Nothing orphaned: a new array of the same name starts empty.
        try storage.createArray(array("gone"))
        #expect(try storage.operations(array: "gone", after: nil, limit: 10) == [])
        #expect(try storage.registerValues(array: "gone") == [:])
    }

    @Test func registerValuesKeepTheLastAcknowledged() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("r"))
        try submitAndWait(storage, [.registerValue(array: "r", index: 1, value: .int(1))]).get()
        try submitAndWait(storage, [.registerValue(array: "r", index: 1, value: .string("two"))]).get()
        try submitAndWait(storage, [.registerValue(array: "r", index: 3, value: .null)]).get()
        #expect(try storage.registerValues(array: "r") == [1: .string("two"), 3: .null])
    }

    @Test func pagesOperationsByIdAscending() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("p"))
        let operations = (0..<25).map { write($0, value: .int(Int64($0)), invoke: Int64($0 * 10), complete: Int64($0 * 10 + 5)) }
        // Submitted out of order, read back in order.
        try submitAndWait(storage, operations.reversed().map { .record(array: "p", operation: $0) }).get()
        var pages: [[Histories.Operation]] = []
        var after: Int?
        while true {
            let page = try storage.operations(array: "p", after: after, limit: 10)
            if page.isEmpty { break }
            pages.append(page)
            after = page.last?.id
        }
        #expect(pages.map(\.count) == [10, 10, 5])
        #expect(pages.flatMap { $0 } == operations)
        #expect(try storage.operations(array: "p", after: 23, limit: 10).map(\.id) == [24])
        #expect(try storage.operations(array: "p", after: nil, limit: 0) == [])
        #expect(try storage.operationCount(array: "p") == 25)
        #expect(try storage.maxOperationID(array: "p") == 24)
        #expect(try storage.maxOperationID(array: "missing") == nil)
        #expect(try storage.maxOperationTime() == 245)
    }

    @Test func maxOperationTimeCountsInfoInvocations() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        #expect(try storage.maxOperationTime() == nil)
        try storage.createArray(array("t"))
        try submitAndWait(storage, [
            .record(array: "t", operation: write(0, value: .int(1), invoke: 10, complete: 20)),
            .record(array: "t", operation: write(1, value: .int(2), invoke: 30, complete: nil, status: .info)),
        ]).get()
        #expect(try storage.maxOperationTime() == 30)
    }

    @Test func invokedThenCompleted() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("i"))
        try submitAndWait(storage, [
            .invoked(array: "i", operation: read(0, invoke: 100, complete: nil)),
            .invoked(array: "i", operation: write(1, register: 1, value: .int(7), invoke: 101, complete: nil)),
        ]).get()
        // In flight, they read as info without completion.
        let inFlight = try storage.operations(array: "i", after: nil, limit: 10)
        #expect(inFlight.map(\.status) == [.info, .info])
        #expect(inFlight.map(\.complete) == [nil, nil])

        try submitAndWait(storage, [
            .completed(array: "i", id: 0, status: .ok, value: .string("seen"), complete: 150),
            .completed(array: "i", id: 1, status: .ok, value: nil, complete: 160),
        ]).get()
        #expect(try storage.operations(array: "i", after: nil, limit: 10) == [
            read(0, value: .string("seen"), invoke: 100, complete: 150),
            write(1, register: 1, value: .int(7), invoke: 101, complete: 160),
        ])
        // Completing twice is reported, not silently applied.
        let again = try #require(submitAndWait(storage, [.completed(array: "i", id: 0, status: .fail, value: nil, complete: 170)]).failure)
        #expect(again.kind == .notFound)
    }

    @Test func aBadEntryFailsItsSubmissionOnly() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("s", size: 2))
        let cases: [(JournalEntry, StorageError.Kind)] = [
            (.registerValue(array: "nope", index: 0, value: .null), .notFound),
            (.registerValue(array: "s", index: 2, value: .null), .invalid),
            (.record(array: "s", operation: Histories.Operation(
                id: 9, process: .int(1), register: .string("x"), kind: .write, value: .null,
                invoke: 1, complete: 2, status: .ok)), .invalid),
            // ok without a completion time breaks the schema's CHECK.
            (.record(array: "s", operation: write(9, value: .null, invoke: 1, complete: nil, status: .ok)), .sqlite),
            (.completed(array: "s", id: 42, status: .ok, value: nil, complete: 3), .notFound),
        ]
        for (entry, kind) in cases {
            // The good entry before the bad one in the same submission is rolled back with it.
            let result = submitAndWait(storage, [.record(array: "s", operation: write(0, value: .int(1), invoke: 1, complete: 2)), entry])
            #expect(result.failure?.kind == kind, "\(entry)")
        }
        #expect(try storage.operationCount(array: "s") == 0)
        try submitAndWait(storage, [.record(array: "s", operation: write(0, value: .int(1), invoke: 1, complete: 2))]).get()
        let duplicate = submitAndWait(storage, [.record(array: "s", operation: write(0, value: .int(1), invoke: 1, complete: 2))])
        #expect(duplicate.failure?.kind == .alreadyExists)
    }

    @Test func dataSurvivesReopening() throws {
        let directory = try TemporaryDirectory()
        do {
            let storage = try openStorage(directory)
            try storage.createArray(array("d"))
            try submitAndWait(storage, [
                .record(array: "d", operation: write(0, value: number("1.50"), invoke: 1, complete: 2)),
                .registerValue(array: "d", index: 0, value: number("1.50")),
            ]).get()
            storage.close()
        }
        let storage = try openStorage(directory)
        defer { storage.close() }
        #expect(try storage.array(named: "d") != nil)
        #expect(try storage.operationCount(array: "d") == 1)
        #expect(try storage.registerValues(array: "d")[0]?.description == "1.50")
        #expect(storage.recovery == RecoveryReport(writesMadeInfo: 0, readsDropped: 0))
    }

    @Test func closeIsIdempotentAndLaterCallsSayClosed() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        storage.close()
        storage.close()
        #expect(throws: StorageError.closedStore) { try storage.arrays() }
        #expect(throws: StorageError.closedStore) { try storage.createArray(array("x")) }
        #expect(submitAndWait(storage, []).failure?.kind == .closed)
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
