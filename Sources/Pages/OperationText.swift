import Histories

/// The words and short forms an operation is shown with.
enum OperationText {
    /// Values longer than this are cut on the bar (the full value is in the tooltip and the table).
    static let labelValueLimit = 12

    /// `r`, `w`, `c`.
    static func letter(_ kind: Operation.Kind) -> String {
        switch kind {
        case .read: return "r"
        case .write: return "w"
        case .cas: return "c"
        }
    }

    /// The value as people read it: `3`, `"a"`, `1→2` for a cas.
    static func value(_ operation: Operation) -> String {
        if let expected = operation.expected {
            return "\(expected)→\(operation.value)"
        }
        return operation.value.description
    }

    /// The text on the bar: `w 3`, `c 1→2`, with the status word for `fail` and `info`.
    static func label(_ operation: Operation) -> String {
        var text = letter(operation.kind) + " " + cut(value(operation))
        switch operation.status {
        case .ok: break
        case .fail: text += " fail"
        case .info: text += " info"
        }
        return text
    }

    /// `p1 w 3`.
    static func summary(_ operation: Operation) -> String {
        "\(operation.process) \(letter(operation.kind)) \(value(operation))"
    }

    /// The tooltip: which operation, by whom, and what its status means.
    static func title(_ operation: Operation) -> String {
        let status: String
        switch operation.status {
        case .ok: status = "ok"
        case .fail: status = "fail: known not to have taken effect"
        case .info: status = "info: indeterminate, may or may not have taken effect; never completed"
        }
        return "op \(operation.id) · \(operation.process) · \(operation.kind.rawValue) \(value(operation)) · \(status)"
    }

    static func cut(_ text: String) -> String {
        text.count <= labelValueLimit ? text : String(text.prefix(labelValueLimit - 1)) + "…"
    }
}
