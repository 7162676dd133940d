import Histories
import JSON

/// How values and labels map to a (type, text) column pair, so Storage needs no JSON parser and
/// every value round-trips exactly: a number keeps its literal, `1`, `"1"` and `true` stay apart.
enum Columns {
    static func encode(_ value: Value) -> (type: String, text: String) {
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

    static func encode(_ label: Label) -> (type: String, text: String) {
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
    static func encode(_ status: Operation.Status) -> String { status.rawValue }
    static let pending = "pending"
}
