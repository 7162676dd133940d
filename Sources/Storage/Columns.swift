import Histories
import JSON

/// How values and labels map to a (type, text) column pair, so Storage needs no JSON parser and
/// every value round-trips exactly: a number keeps its literal, `1`, `"1"` and `true` stay apart.
///
/// Types, kinds and statuses are `StaticString`s: bound without a copy (`Statement.bind`), which
/// saved SQLite an allocation per column of every operation recorded.
enum Columns {
    static func encode(_ value: Value) -> (type: StaticString, text: String) {
        switch value {
        case .null: return ("null", "")
        case let .bool(b): return ("bool", b ? "true" : "false")
        case let .number(n): return ("number", n.literal)
        case let .string(s): return ("string", s)
        }
    }

    /// The value stored as (`type`, `text`); throws when the row is not one this module wrote.
    static func decodeValue(type: String, text: String, sql: String) throws(StorageError) -> Value {
        switch type {
        case "null": return .null
        case "bool" where text == "true": return .bool(true)
        case "bool" where text == "false": return .bool(false)
        case "number":
            if let number = JSONNumber(text) { return .number(number) }
        case "string": return .string(text)
        default: break
        }
        throw StorageError(kind: .sqlite, message: "corrupt value column: type \(type), text \(text)", sql: sql)
    }

    static func encode(_ label: Label) -> (type: StaticString, text: String) {
        switch label {
        case let .int(i): return ("int", String(i))
        case let .string(s): return ("string", s)
        }
    }

    static func decodeLabel(type: String, text: String, sql: String) throws(StorageError) -> Label {
        switch type {
        case "int":
            if let i = Int(text) { return .int(i) }
        case "string": return .string(text)
        default: break
        }
        throw StorageError(kind: .sqlite, message: "corrupt label column: type \(type), text \(text)", sql: sql)
    }

    /// The status column: 'pending' marks an operation in flight, which the history shows as `info`.
    static func encode(_ status: Operation.Status) -> StaticString {
        switch status {
        case .ok: return "ok"
        case .fail: return "fail"
        case .info: return "info"
        }
    }
    static let pending: StaticString = "pending"
    static func isPending(_ status: String) -> Bool { status == "pending" }

    static func encode(_ kind: Operation.Kind) -> StaticString {
        switch kind {
        case .read: return "read"
        case .write: return "write"
        case .cas: return "cas"
        }
    }
}
