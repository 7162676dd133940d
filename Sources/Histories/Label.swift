/// The name of a process or a register: an integer or a string, as the history wrote it.
///
/// Kept apart so that native JSON round-trips without loss (`"register": 2` stays an integer).
/// Integers order before strings; each kind orders naturally.
public enum Label: Sendable, Hashable, Comparable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case let .int(i): return String(i)
        case let .string(s): return s
        }
    }

    public static func < (lhs: Label, rhs: Label) -> Bool {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b
        case let (.string(a), .string(b)): return a < b
        case (.int, .string): return true
        case (.string, .int): return false
        }
    }
}
