/// A value read from EDN (https://github.com/edn-format/edn), as much of it as histories need.
///
/// Tagged literals (`#inst "…"`, `#jepsen.history.Op{…}`) are read as the value they tag.
indirect enum EDNValue: Sendable, Hashable {
    case `nil`
    case bool(Bool)
    /// An integer or decimal, as a JSON-compatible number (`N`/`M` suffixes and a `+` sign dropped).
    case number(JSONNumberText)
    case string(String)
    /// `:name` without the colon.
    case keyword(String)
    case symbol(String)
    case list([EDNValue])
    case vector([EDNValue])
    /// Entries in document order; `line` is where the map starts.
    case map([EDNMapEntry], line: Int)
    case set([EDNValue])

    /// The member of a map under the keyword `key`.
    subscript(keyword key: String) -> EDNValue? {
        guard case let .map(entries, _) = self else { return nil }
        return entries.first { $0.key == .keyword(key) }?.value
    }

    /// The elements of a list or vector.
    var elements: [EDNValue]? {
        switch self {
        case let .list(items), let .vector(items): return items
        default: return nil
        }
    }

    /// EDN text for error messages and the writer.
    var ednText: String {
        switch self {
        case .nil: return "nil"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n.text
        case let .string(s): return EDNWriter.quote(s)
        case let .keyword(k): return ":" + k
        case let .symbol(s): return s
        case let .list(items): return "(" + items.map(\.ednText).joined(separator: " ") + ")"
        case let .vector(items): return "[" + items.map(\.ednText).joined(separator: " ") + "]"
        case let .map(entries, _): return "{" + entries.map { "\($0.key.ednText) \($0.value.ednText)" }.joined(separator: ", ") + "}"
        case let .set(items): return "#{" + items.map(\.ednText).joined(separator: " ") + "}"
        }
    }
}

struct EDNMapEntry: Sendable, Hashable {
    var key: EDNValue
    var value: EDNValue
}

/// The text of a number, already in JSON syntax.
struct JSONNumberText: Sendable, Hashable {
    var text: String
}

/// Why EDN text could not be read, and where.
struct EDNError: Error {
    var reason: String
    var line: Int
    var column: Int
}
