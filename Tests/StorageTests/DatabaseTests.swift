import CSQLite
import Foundation
import Testing
@testable import Storage

@Suite struct DatabaseTests {
    @Test func errorsCarryCodeMessageAndSQL() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        try database.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT NOT NULL UNIQUE)")
        try database.run("INSERT INTO t (y) VALUES (?1)", [.text("a")])
        let sql = "INSERT INTO t (y) VALUES (?1)"
        let error = #expect(throws: StorageError.self) { try database.run(sql, [.text("a")]) }
        #expect(error?.kind == .alreadyExists)
        #expect(error?.resultCode == SQLITE_CONSTRAINT)
        #expect(error?.extendedCode == StorageError.constraintUnique)
        #expect(error?.message.contains("UNIQUE constraint failed: t.y") == true)
        #expect(error?.sql == sql)
    }

    @Test func syntaxErrorNamesTheStatement() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        let error = #expect(throws: StorageError.self) { try database.prepare("SELEKT 1") }
        #expect(error?.kind == .sqlite)
        #expect(error?.resultCode == SQLITE_ERROR)
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.sql == "SELEKT 1")
    }

    @Test func openFailureOnABadPathIsClear() throws {
        let path = "/nonexistent-directory-\(UUID().uuidString)/db.sqlite"
        let error = #expect(throws: StorageError.self) { try Database(path: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.resultCode == SQLITE_CANTOPEN)
        #expect(error?.message.contains(path) == true)
    }

    @Test func storageOpenFailureIsClearToo() throws {
        let path = "/nonexistent-directory-\(UUID().uuidString)/db.sqlite"
        let error = #expect(throws: StorageError.self) { try Storage(path: path, migrations: shippedMigrations()) }
        #expect(error?.kind == .cannotOpen)
    }

    @Test func statementsFinalizeWhenReleased() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        let handle = try database.connection()
        do {
            let statement = try database.prepare("SELECT 1")
            #expect(sqlite3_next_stmt(handle, nil) == statement.handle)
        }
        #expect(sqlite3_next_stmt(handle, nil) == nil)
    }

    @Test func cachedStatementsAreReusedAndReset() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        try database.execute("CREATE TABLE t (x INTEGER)")
        for i in 0..<10 { try database.run("INSERT INTO t (x) VALUES (?1)", [.int(Int64(i))]) }
        #expect(try database.scalarInt("SELECT count(*) FROM t WHERE x >= ?1", [.int(5)]) == 5)
        #expect(try database.scalarInt("SELECT count(*) FROM t WHERE x >= ?1", [.int(8)]) == 2)
        // Two cached statements: the INSERT and the SELECT, both reset (no read left open).
        let handle = try database.connection()
        var count = 0
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            #expect(sqlite3_stmt_busy(current) == 0)
            count += 1
            statement = sqlite3_next_stmt(handle, current)
        }
        #expect(count == 2)
    }

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        try database.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: StorageError.self) {
            try database.transaction { () throws(StorageError) in
                try database.run("INSERT INTO t (x) VALUES (1)")
                try database.run("INSERT INTO nowhere (x) VALUES (1)")
            }
        }
        #expect(try database.scalarInt("SELECT count(*) FROM t") == 0)
        #expect(sqlite3_get_autocommit(try database.connection()) == 1)
    }

    @Test func textWithNULAndUnicodeRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        try database.execute("CREATE TABLE t (s TEXT)")
        let text = "a\u{0}b é 🧪 \u{10FFFF}"
        try database.run("INSERT INTO t (s) VALUES (?1)", [.text(text)])
        try database.run("INSERT INTO t (s) VALUES (?1)", [.text("")])
        let rows = try database.withStatement("SELECT s, s IS NULL FROM t ORDER BY rowid") { statement throws(StorageError) in
            var rows: [(String, Int)] = []
            while try statement.step() { rows.append((statement.text(0), statement.int(1))) }
            return rows
        }
        #expect(rows.map(\.0) == [text, ""])
        #expect(rows.map(\.1) == [0, 0])
    }

    @Test func closedConnectionThrowsClosed() throws {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("db.sqlite"))
        database.close()
        database.close()
        let error = #expect(throws: StorageError.self) { try database.execute("SELECT 1") }
        #expect(error?.kind == .closed)
    }
}
