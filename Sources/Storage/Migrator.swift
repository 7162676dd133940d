import CSQLite

/// Applies migrations to a connection and records each in `schema_migrations`.
struct Migrator {
    let migrations: [Migration]

    init(_ migrations: [Migration]) throws(StorageError) {
        self.migrations = try Migrations.sorted(migrations)
    }

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at INTEGER NOT NULL -- unix milliseconds
        )
        """

    /// The applied migrations, by version (empty for a new database). Reads only.
    static func applied(_ database: Database) throws(StorageError) -> [Int: String] {
        let exists = try database.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        guard exists == 1 else { return [:] }
        return try database.withStatement("SELECT version, name FROM schema_migrations") { statement throws(StorageError) in
            var applied: [Int: String] = [:]
            while try statement.step() { applied[statement.int(0)] = statement.text(1) }
            return applied
        }
    }

    /// Refuses a database this binary cannot serve, without writing to it.
    ///
    /// Too new: its newest applied version is beyond our newest migration. Edited: an applied
    /// version's name differs from ours, so the schema is not the one our code expects.
    func validate(_ database: Database) throws(StorageError) {
        let applied = try Self.applied(database)
        let known = migrations.last?.version ?? 0
        if let newest = applied.keys.max(), newest > known {
            throw StorageError(
                kind: .schemaTooNew,
                message: "database schema is at version \(newest), this registrar knows up to \(known); upgrade registrar")
        }
        for migration in migrations {
            if let name = applied[migration.version], name != migration.name {
                throw StorageError(
                    kind: .badMigration,
                    message: "database has migration \(migration.version) named \(name), this registrar calls it \(migration.name)")
            }
        }
    }

    /// Applies the migrations not yet applied, in order, each with its bookkeeping row in one
    /// `BEGIN IMMEDIATE` transaction: a failing migration leaves nothing of itself behind.
    /// Returns the versions it applied.
    @discardableResult
    func migrate(_ database: Database, now: Int64) throws(StorageError) -> [Int] {
        try validate(database)
        var appliedNow: [Int] = []
        for migration in migrations {
            let done = try database.transaction { () throws(StorageError) -> Bool in
                try database.execute(Self.bookkeeping)
                // Checked inside the write lock: another process may have applied it meanwhile.
                let present = try database.scalarInt(
                    "SELECT count(*) FROM schema_migrations WHERE version = ?1", [.int(Int64(migration.version))])
                guard present == 0 else { return true }
                do throws(StorageError) {
                    try database.execute(migration.sql)
                } catch {
                    var error = error
                    error.message = "migration \(migration.version)_\(migration.name) failed: \(error.message)"
                    throw error
                }
                try database.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                    [.int(Int64(migration.version)), .text(migration.name), .int(now)])
                return false
            }
            if !done { appliedNow.append(migration.version) }
        }
        return appliedNow
    }
}
