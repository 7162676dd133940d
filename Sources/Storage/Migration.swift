#if canImport(Glibc)
import Glibc
#endif

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
        switch fileNames(in: directory) {
        case let .success(names): files = names
        case let .failure(reason):
            throw StorageError(kind: .badMigration, message: "cannot list migrations in \(directory): \(reason)")
        }
        var migrations: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") && !file.hasPrefix(".") {
            guard let (version, name) = parse(fileName: file) else {
                throw StorageError(
                    kind: .badMigration,
                    message: "migration file \(file) in \(directory) is not named NNNN_name.sql")
            }
            let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
            let sql: String
            switch text(ofFile: path) {
            case let .success(text): sql = text
            case let .failure(reason):
                throw StorageError(kind: .badMigration, message: "cannot read migration \(path): \(reason)")
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        return try sorted(migrations)
    }

    /// Why a file or folder could not be read, in words (strerror's, or "not UTF-8 text").
    struct ReadFailure: Error, CustomStringConvertible {
        var description: String

        /// The reason errno gives now.
        static func fromErrno() -> ReadFailure { ReadFailure(description: String(cString: strerror(errno))) }
    }

    /// The names in `directory`, without `.` and `..`, in no particular order.
    static func fileNames(in directory: String) -> Result<[String], ReadFailure> {
        guard let stream = opendir(directory) else { return .failure(.fromErrno()) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                return errno == 0 ? .success(names) : .failure(.fromErrno())
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// The whole file at `path`, which must be UTF-8.
    static func text(ofFile path: String) -> Result<String, ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.fromErrno()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.fromErrno())
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ReadFailure(description: "not UTF-8 text"))
        }
        return .success(text)
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
