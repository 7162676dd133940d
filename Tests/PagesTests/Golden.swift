import Testing

import Foundation

/// Expected pages stored under `Tests/PagesTests/Golden/`. Run with `PAGES_RECORD_GOLDEN=1` to
/// write them afresh after a deliberate change, then read the diff before committing.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["PAGES_RECORD_GOLDEN"] == "1" }

    /// Compares `actual` with the stored file (or stores it when recording).
    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        let data = try Data(contentsOf: file)
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record(
                """
                \(name) differs from the golden file at line \(line + 1) \
                (PAGES_RECORD_GOLDEN=1 re-records):
                expected: \(line < e.count ? String(e[line]) : "<end>")
                actual:   \(line < a.count ? String(a[line]) : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    /// The shipped stylesheet, for the inline variant and the contrast checks.
    static func stylesheet() throws -> String {
        let url = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Public/timeline.css")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
