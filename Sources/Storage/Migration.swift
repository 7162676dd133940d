import Foundation

/// One schema change: applied once, in version order, never edited after it ships.
///
/// `sql` may hold several statements. It runs inside a transaction, so it must not contain
/// statements SQLite refuses there (`VACUUM`, `PRAGMA journal_mode`) nor its own BEGIN/COMMIT;
/// `PRAGMA foreign_keys` is a no-op inside it.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Loads migrations from a directory of `NNNN_name.sql` files.
public enum Migrations {
    /// The migrations in `directory`, sorted by version.
    ///
    /// Every `.sql` file must be named `NNNN_name.sql` (a positive decimal version, an underscore, a
    /// name of letters, digits, `_` or `-`); other files (a README) and hidden files are ignored.
    /// Throws `StorageError` `.badMigration` for a malformed name, a duplicate version or an
    /// unreadable directory or file.
    public static func load(directory: String) throws(StorageError) -> [Migration] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw StorageError(kind: .badMigration, message: "cannot list migrations in \(directory): \(error)")
        }
        var migrations: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") && !file.hasPrefix(".") {
            guard let (version, name) = parse(fileName: file) else {
                throw StorageError(
                    kind: .badMigration,
                    message: "migration file \(file) in \(directory) is not named NNNN_name.sql")
            }
            let path = (directory as NSString).appendingPathComponent(file)
            let sql: String
            do {
                sql = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw StorageError(kind: .badMigration, message: "cannot read migration \(path): \(error)")
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        return try sorted(migrations)
    }

    /// The version and name in `NNNN_name.sql`, or nil when the file is not named so.
    static func parse(fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let version = Int(digits), version > 0,
            !name.isEmpty,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return (version, String(name))
    }

    /// `migrations` by version; throws `.badMigration` on a duplicate or non-positive version.
    static func sorted(_ migrations: [Migration]) throws(StorageError) -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.version == b.version {
            throw StorageError(
                kind: .badMigration,
                message: "two migrations have version \(a.version): \(a.name) and \(b.name)")
        }
        if let first = sorted.first, first.version <= 0 {
            throw StorageError(kind: .badMigration, message: "migration \(first.name) has version \(first.version); versions start at 1")
        }
        return sorted
    }
}
