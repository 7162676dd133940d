import Foundation
import Testing
@testable import Storage

@Suite struct MigratorTests {
    let one = Migration(version: 1, name: "first", sql: "CREATE TABLE a (x INTEGER);")
    let two = Migration(version: 2, name: "second", sql: "CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (2);")

    private func tables(_ database: Database) throws -> [String] {
        try database.withStatement("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { statement throws(StorageError) in
            var names: [String] = []
            while try statement.step() { names.append(statement.text(0)) }
            return names
        }
    }

    @Test func appliesInVersionOrderAndRecordsEach() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        // Two depends on one; given out of order, they still apply in order.
        let dependent = Migration(version: 2, name: "second", sql: "INSERT INTO a VALUES (2);")
        let applied = try Migrator([dependent, one]).migrate(database, now: 42)
        #expect(applied == [1, 2])
        #expect(try Migrator.applied(database) == [1: "first", 2: "second"])
        #expect(try database.scalarInt("SELECT applied_at FROM schema_migrations WHERE version = 2") == 42)
    }

    @Test func isIdempotent() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        #expect(try Migrator([one, two]).migrate(database, now: 1) == [1, 2])
        #expect(try Migrator([one, two]).migrate(database, now: 2) == [])
        #expect(try database.scalarInt("SELECT count(*) FROM b") == 1)
        #expect(try database.scalarInt("SELECT count(*) FROM schema_migrations") == 2)
    }

    @Test func aFailingMigrationLeavesNothingOfItself() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        let broken = Migration(
            version: 2, name: "broken", sql: "CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1); INSERT INTO nowhere VALUES (1);")
        let error = #expect(throws: StorageError.self) { try Migrator([one, broken]).migrate(database, now: 1) }
        #expect(error?.message.contains("migration 2_broken failed") == true)
        #expect(error?.message.contains("no such table: nowhere") == true)
        #expect(try tables(database) == ["a", "schema_migrations"])
        #expect(try Migrator.applied(database) == [1: "first"])
    }

    @Test func aFailingFirstMigrationLeavesAnEmptyDatabase() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        let broken = Migration(version: 1, name: "broken", sql: "CREATE TABLE a (x); SELEKT;")
        #expect(throws: StorageError.self) { try Migrator([broken]).migrate(database, now: 1) }
        #expect(try tables(database) == [])
    }

    @Test func newerSchemaIsRefusedAndTheFileLeftUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        let migrations = try shippedMigrations()
        let newer = migrations + [Migration(version: 999, name: "future", sql: "CREATE TABLE future (x INTEGER);")]
        try Storage(path: path, migrations: newer).close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = #expect(throws: StorageError.self) { try Storage(path: path, migrations: migrations) }
        #expect(error?.kind == .schemaTooNew)
        let known = migrations.last?.version ?? 0
        #expect(error?.message == "database schema is at version 999, this registrar knows up to \(known); upgrade registrar")
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(before == after)
        // And it still opens with the binary that knows it.
        try Storage(path: path, migrations: newer).close()
    }

    @Test func anEditedMigrationIsRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        try Migrator([one]).migrate(database, now: 1)
        let renamed = Migration(version: 1, name: "renamed", sql: one.sql)
        let error = #expect(throws: StorageError.self) { try Migrator([renamed]).migrate(database, now: 1) }
        #expect(error?.kind == .badMigration)
    }

    @Test func loadsFilesSortedByNumber() throws {
        let directory = try TemporaryDirectory()
        try directory.write("0010_later.sql", "CREATE TABLE later (x);")
        try directory.write("0002_second.sql", "CREATE TABLE second (x);")
        try directory.write("0001_init.sql", "CREATE TABLE first (x);")
        try directory.write("README.md", "not a migration")
        let migrations = try Migrations.load(directory: directory.path)
        #expect(migrations.map(\.version) == [1, 2, 10])
        #expect(migrations.map(\.name) == ["init", "second", "later"])
        #expect(migrations[0].sql == "CREATE TABLE first (x);")
    }

    @Test(arguments: ["init.sql", "01.sql", "0001_.sql", "_init.sql", "0000_zero.sql", "00a1_init.sql", "0001_in it.sql"])
    func malformedFileNamesAreAnError(name: String) throws {
        let directory = try TemporaryDirectory()
        try directory.write(name, "SELECT 1;")
        let error = #expect(throws: StorageError.self) { try Migrations.load(directory: directory.path) }
        #expect(error?.kind == .badMigration)
        #expect(error?.message.contains(name) == true)
    }

    @Test func duplicateVersionsAreAnError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("0001_init.sql", "SELECT 1;")
        try directory.write("1_again.sql", "SELECT 1;")
        let error = #expect(throws: StorageError.self) { try Migrations.load(directory: directory.path) }
        #expect(error?.kind == .badMigration)
        #expect(error?.message.contains("two migrations have version 1") == true)
    }

    @Test func aMissingDirectoryIsAnError() throws {
        let error = #expect(throws: StorageError.self) { try Migrations.load(directory: "/nonexistent-\(UUID().uuidString)") }
        #expect(error?.kind == .badMigration)
        #expect(error?.message.hasSuffix(": No such file or directory") == true)
    }

    @Test func aMigrationThatIsNotUTF8IsAnError() throws {
        let directory = try TemporaryDirectory()
        try Data([0x53, 0xFF, 0x3B]).write(to: URL(fileURLWithPath: directory.file("0001_init.sql")))
        let error = #expect(throws: StorageError.self) { try Migrations.load(directory: directory.path + "/") }
        #expect(error?.kind == .badMigration)
        #expect(error?.message == "cannot read migration \(directory.path)/0001_init.sql: not UTF-8 text")
    }

    @Test func theShippedMigrationsLoad() throws {
        let migrations = try shippedMigrations()
        #expect(migrations.first?.version == 1)
        #expect(migrations.first?.name == "init")
    }
}
