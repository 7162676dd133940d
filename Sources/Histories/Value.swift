import JSON

/// What a register holds: any JSON scalar (SPEC §1).
///
/// Equality is JSON equality: `1` and `"1"` differ, `true` is not `1`, `1` and `1.0` are the same
/// number, and integers of any size compare exactly (see `JSONNumber`).
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)

    /// An integer value.
    public static func int(_ value: Int64) -> Value { .number(JSONNumber(value)) }

    /// The scalar in `json`, or nil for arrays and objects.
    public init?(json: JSON) {
        switch json {
        case .null: self = .null
        case let .bool(b): self = .bool(b)
        case let .number(n): self = .number(n)
        case let .string(s): self = .string(s)
        case .array, .object: return nil
        }
    }

    public var json: JSON {
        switch self {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .number(n): return .number(n)
        case let .string(s): return .string(s)
        }
    }

    /// Short text for people: strings quoted, everything else as JSON writes it.
    public var description: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n.literal
        case let .string(s): return "\"\(s)\""
        }
    }
}
