import Foundation
import Testing
@testable import Storage

/// The path from a database made by the first release (0001 only) to one with histories, and back.
@Suite struct HistoryMigrationTests {
    private func initOnly() throws -> [Migration] {
        try shippedMigrations().filter { $0.version == 1 }
    }

    @Test func theHistoriesMigrationShipsAsVersionTwo() throws {
        let migrations = try shippedMigrations()
        #expect(migrations.map(\.version).prefix(2) == [1, 2])
        #expect(migrations[1].name == "histories")
    }

    @Test func anInitOnlyDatabaseUpgradesAndKeepsItsArrays() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.sqlite")
        do {
            // Written as the first release wrote it: this release's statements need later columns.
            let old = try Database(path: path)
            try Migrator(try initOnly()).migrate(old, now: 1)
            try old.run("INSERT INTO arrays (name, size, semantics, replicas, created_at) VALUES ('kept', 4, 'atomic', 1, 1)")
            try old.run("""
                INSERT INTO operations (array_id, id, process_type, process_text, register_index, kind,
                    value_type, value_text, invoke, complete, status)
                VALUES (1, 0, 'int', '1', 0, 'write', 'number', '7', 1, 2, 'ok')
                """)
            #expect(try Migrator.applied(old) == [1: "init"])
            old.close()
        }

        let storage = try Storage(path: path, migrations: try shippedMigrations())
        defer { storage.close() }
        #expect(try storage.operations(array: "kept", after: nil, limit: 10) == [write(0, value: .int(7), invoke: 1, complete: 2)])
        let record = try insertHistory(storage, "after upgrade")
        #expect(try storage.history(id: record.id) == record)
        let after = try Database(path: path, create: false)
        let shipped = try shippedMigrations()
        #expect(try Migrator.applied(after) == Dictionary(uniqueKeysWithValues: shipped.map { ($0.version, $0.name) }))
    }

    @Test func anUpgradedDatabaseIsRefusedByTheOlderRelease() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("new.sqlite")
        let storage = try Storage(path: path, migrations: try shippedMigrations())
        try insertHistory(storage)
        storage.close()
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = #expect(throws: StorageError.self) { try Storage(path: path, migrations: try initOnly()) }
        #expect(error?.kind == .schemaTooNew)
        let latest = try shippedMigrations().map(\.version).max() ?? 0
        #expect(error?.message.hasPrefix("database schema is at version \(latest), this registrar knows up to 1") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == snapshot)
    }
}
