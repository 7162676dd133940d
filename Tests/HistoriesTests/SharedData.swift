import Foundation

/// The conformance data beside the repository (`../shared/data`, as CI clones it), found from this file.
enum SharedData {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // HistoriesTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/data").standardizedFileURL

    /// The files in `folder` (relative to the data root) ending in `suffix`, sorted by name.
    static func files(in folder: String, suffix: String) throws -> [URL] {
        let directory = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(suffix) }
            .sorted()
            .map { directory.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }

    /// An `EXPECTED.tsv` as rows keyed by the `file` column, each a map from column name to text.
    static func expected(_ path: String) throws -> [String: [String: String]] {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard !lines.isEmpty else { return [:] }
        let header = lines.removeFirst()
        var rows: [String: [String: String]] = [:]
        for line in lines {
            let row = Dictionary(zip(header, line), uniquingKeysWith: { a, _ in a })
            if let file = row["file"] { rows[file] = row }
        }
        return rows
    }
}
