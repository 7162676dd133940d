#if canImport(Glibc)
import Glibc
#endif
import JSON
import Synchronization

/// `registrar workload --record FILE`: one JSON line per acknowledged operation (a 200 answer),
/// `{"id","process","kind","register","value"}`, with the operation id the server gave it.
///
/// Each line reaches the file with one `write(2)` before the client sends its next request, so what
/// the file holds is acknowledged even if the workload itself is killed; the lines of concurrent
/// clients never interleave. A crash harness compares the file with the server's history.
final class WorkloadRecord: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The file descriptor, behind a lock so one line is written at a time.
    private let file: Mutex<Int32>

    /// Creates (or empties) the file at `path`.
    init(path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Failure(description: "--record: cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
        file = Mutex(fd)
    }

    deinit {
        file.withLock { _ = close($0) }
    }

    /// The line for an acknowledged operation, from the server's answer
    /// (`{"array","index","value","operation"}`); nil if the answer has no operation id.
    static func line(process: String, register: Int, isWrite: Bool, response body: [UInt8]) -> [UInt8]? {
        guard let json = try? JSON.parse(body), let id = json["operation"]?.numberValue?.int64Value,
              let value = json["value"] else { return nil }
        let line = JSON.object([
            ("id", .number(JSONNumber(id))), ("process", .string(process)), ("kind", .string(isWrite ? "write" : "read")),
            ("register", .number(JSONNumber(Int64(register)))), ("value", value),
        ])
        return line.serializedBytes() + [UInt8(ascii: "\n")]
    }

    /// Appends one line; returns false if it could not be written whole.
    func append(_ line: [UInt8]) -> Bool {
        file.withLock { fd in
            line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == line.count
        }
    }
}
