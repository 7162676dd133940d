import Foundation
import Histories
import Testing
@testable import Storage

/// Migration 0006 moves `operations` from the key (array_id, id) to one integer key per row; a
/// database written before it keeps every operation, in order, and goes on from there.
@Suite struct OperationKeyMigrationTests {
    private func beforeKeys() throws -> [Migration] {
        try shippedMigrations().filter { $0.version < 6 }
    }

    /// Two arrays' histories, written by the schema before 0006, interleaved in time.
    private func writeOldDatabase(at path: String) throws {
        let old = try Database(path: path)
        defer { old.close() }
        try Migrator(try beforeKeys()).migrate(old, now: 1)
        for name in ["first", "second"] {
            try old.run(
                "INSERT INTO arrays (name, size, semantics, replicas, created_at) VALUES (?1, 4, 'atomic', 1, 1)",
                [.text(name)])
        }
        for id in 0..<50 {
            for arrayID in [2, 1] {
                try old.run(
                    """
                    INSERT INTO operations (array_id, id, process_type, process_text, register_index, kind,
                        value_type, value_text, invoke, complete, status)
                    VALUES (?1, ?2, 'string', ?3, ?4, 'write', 'number', ?5, ?6, ?7, 'ok')
                    """,
                    [.int(Int64(arrayID)), .int(Int64(id)), .text("p\(arrayID)"), .int(Int64(id % 4)),
                     .text("\(id * arrayID)"), .int(Int64(10 * id)), .int(Int64(10 * id + 5))])
            }
        }
        // One write left in flight by a crash: recovery must still find it through the new index.
        try old.run(
            """
            INSERT INTO operations (array_id, id, process_type, process_text, register_index, kind,
                value_type, value_text, invoke, status)
            VALUES (1, 50, 'string', 'p1', 0, 'write', 'number', '9', 600, 'pending')
            """)
    }

    /// The old database, opened with every migration.
    private func migratedStorage(in directory: TemporaryDirectory) throws -> Storage {
        let path = directory.file("old.sqlite")
        try writeOldDatabase(at: path)
        return try Storage(path: path, migrations: try shippedMigrations())
    }

    private func expected(array arrayID: Int, ids: Range<Int>) -> [Histories.Operation] {
        ids.map { id in
            write(id, register: id % 4, value: number("\(id * arrayID)"), process: .string("p\(arrayID)"),
                  invoke: Int64(10 * id), complete: Int64(10 * id + 5))
        }
    }

    @Test func operationsKeepTheirArraysAndOrderAcrossTheMigration() throws {
        let directory = try TemporaryDirectory()
        let storage = try migratedStorage(in: directory)
        defer { storage.close() }
        #expect(storage.recovery == RecoveryReport(writesMadeInfo: 1, readsDropped: 0))
        #expect(try storage.operationCount(array: "first") == 51)
        #expect(try storage.operationCount(array: "second") == 50)
        #expect(try storage.operations(array: "second", after: nil, limit: 100) == expected(array: 2, ids: 0..<50))
        // Paging walks one array's range only, from just after the id given.
        #expect(try storage.operations(array: "first", after: 19, limit: 5) == expected(array: 1, ids: 20..<25))
        let last = try storage.operations(array: "first", after: 49, limit: 5)
        #expect(last.map(\.id) == [50] && last.first?.status == .info && last.first?.complete == nil)
        #expect(try storage.operations(array: "first", after: 50, limit: 5).isEmpty)
        #expect(try storage.maxOperationID(array: "first") == 50)
        #expect(try storage.maxOperationID(array: "second") == 49)
    }

    @Test func aMigratedArrayGoesOnAndDeletingItLeavesTheOtherAlone() throws {
        let directory = try TemporaryDirectory()
        let storage = try migratedStorage(in: directory)
        defer { storage.close() }
        let next = write(51, value: .int(1), process: .string("p1"), invoke: 700, complete: 701)
        try submitAndWait(storage, [.record(array: "first", operation: next)]).get()
        #expect(try storage.operations(array: "first", after: 50, limit: 5) == [next])
        // Its id is taken now, whatever its array's neighbours hold.
        let duplicate = submitAndWait(storage, [.record(array: "first", operation: next)])
        #expect(throws: StorageError.self) { try duplicate.get() }

        #expect(try storage.deleteArray(named: "first"))
        #expect(try storage.operationCount(array: "first") == 0)
        #expect(try storage.operations(array: "second", after: nil, limit: 100) == expected(array: 2, ids: 0..<50))
        // A new array of the same name starts an empty history.
        try storage.createArray(array("first"))
        #expect(try storage.operations(array: "first", after: nil, limit: 10).isEmpty)
    }

    @Test func idsOutsideTheKeyRangeAreRefusedNotStoredUnderAnotherArray() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("a"))
        try storage.createArray(array("b"))
        let tooLarge = write(Int(OperationKey.span), value: .int(1), invoke: 1, complete: 2)
        let result = submitAndWait(storage, [.record(array: "a", operation: tooLarge)])
        #expect(throws: StorageError.self) { try result.get() }
        #expect(try storage.operationCount(array: "a") == 0)
        #expect(try storage.operationCount(array: "b") == 0)
    }

    /// Array ids are rowids: the last one keyed, and one past it, are deleted like any other.
    @Test func arraysAtTheEndOfTheKeyRangeRecordWhatTheyCanAndDelete() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("edge.sqlite")
        try openStorage(directory, name: "edge.sqlite").close()
        do {
            let raw = try Database(path: path, create: false)
            defer { raw.close() }
            for (id, name) in [(OperationKey.arrays - 1, "last"), (OperationKey.arrays, "past")] {
                try raw.run(
                    "INSERT INTO arrays (id, name, size, semantics, replicas, created_at) VALUES (?1, ?2, 4, 'atomic', 1, 1)",
                    [.int(id), .text(name)])
            }
        }
        let storage = try Storage(path: path, migrations: try shippedMigrations())
        defer { storage.close() }
        let last = write(Int(OperationKey.span - 1), value: .int(1), invoke: 1, complete: 2)
        try submitAndWait(storage, [.record(array: "last", operation: last)]).get()
        #expect(try storage.operations(array: "last", after: nil, limit: 5) == [last])
        let refused = submitAndWait(storage, [.record(array: "past", operation: write(0, value: .int(1), invoke: 1, complete: 2))])
        #expect(throws: StorageError.self) { try refused.get() }
        #expect(try storage.deleteArray(named: "last"))
        #expect(try storage.deleteArray(named: "past"))
        #expect(try storage.arrays().isEmpty)
    }
}
