/// Why a history could not be decoded: the first bad operation (or event, or line), the field, and why.
///
/// The description reads like "operation 17: field \"status\": expected \"ok\", \"fail\" or \"info\",
/// got \"done\"", or "event 12 (line 14): field :type: …" for Jepsen input.
public struct HistoryFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the index counts.
    public enum Subject: Sendable, Hashable {
        /// The document as a whole (syntax, top-level fields).
        case document
        /// The operation at this 0-based position of a native or Porcupine history's operation list.
        case operation(Int)
        /// The event at this 0-based position of a Jepsen history (EDN, JSON or text: each
        /// invocation and completion is one event; lines that are not events are not counted).
        case event(Int)
    }

    public var subject: Subject
    /// The field at fault, as the format spells it (`"status"`, `":type"`, `"input.op"`), if one is.
    public var field: String?
    /// A plain sentence: what was expected and what was found.
    public var reason: String
    /// 1-based line (and column) in the input, where known.
    public var line: Int?
    public var column: Int?

    public init(subject: Subject, field: String? = nil, reason: String, line: Int? = nil, column: Int? = nil) {
        self.subject = subject
        self.field = field
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// The operation or event index, if the error names one.
    public var index: Int? {
        switch subject {
        case .document: return nil
        case let .operation(i), let .event(i): return i
        }
    }

    public var description: String {
        var place: String
        switch subject {
        case .document: place = ""
        case let .operation(i): place = "operation \(i)"
        case let .event(i): place = "event \(i)"
        }
        if let line {
            let position = column.map { "line \(line), column \($0)" } ?? "line \(line)"
            place = place.isEmpty ? position : "\(place) (\(position))"
        }
        var text = place.isEmpty ? "" : place + ": "
        if let field { text += "field \(field.hasPrefix(":") ? field : "\"\(field)\""): " }
        return text + reason
    }
}
