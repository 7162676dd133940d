import Histories
import JSON

extension Verdict {
    /// The verdict as SPEC §4 writes it. Beyond the contract's members: a violation's
    /// `partialLinearization` and `blocked` (search failures) and `minimal: false` when shrinking ran
    /// out of budget; a register's `unknownReason` when it is `unknown`.
    public var json: JSON {
        .object([
            ("consistency", .string(consistency.rawValue)),
            ("registers", .array(registers.map(\.json))),
            ("elapsedMicros", .number(JSONNumber(Int64(clamping: elapsedMicros)))),
        ])
    }
}

extension RegisterVerdict {
    public var json: JSON {
        var members: [(key: String, value: JSON)] = [
            ("register", register.json),
            ("operations", .number(JSONNumber(Int64(operations)))),
            ("consistency", .string(consistency.rawValue)),
            ("atomic", atomic.map(JSON.bool) ?? .null),
            ("regular", regular.map(JSON.bool) ?? .null),
            ("safe", safe.map(JSON.bool) ?? .null),
            ("violations", .array(violations.map(\.json))),
            ("linearization", linearization.map(Self.ids) ?? .null),
        ]
        if let unknownReason { members.append(("unknownReason", .string(unknownReason))) }
        return .object(members)
    }

    static func ids(_ ids: [Int]) -> JSON {
        .array(ids.map { .number(JSONNumber(Int64($0))) })
    }
}

extension Violation {
    public var json: JSON {
        var members: [(key: String, value: JSON)] = [
            ("level", .string(level.rawValue)),
            ("rule", .string(rule.rawValue)),
            ("operations", RegisterVerdict.ids(operations)),
            ("message", .string(message)),
        ]
        if let partialLinearization { members.append(("partialLinearization", RegisterVerdict.ids(partialLinearization))) }
        if let blocked { members.append(("blocked", RegisterVerdict.ids(blocked))) }
        if !minimal { members.append(("minimal", .bool(false))) }
        return .object(members)
    }
}

extension Label {
    /// An integer or a string, as the history named it.
    var json: JSON {
        switch self {
        case let .int(i): return .number(JSONNumber(Int64(i)))
        case let .string(s): return .string(s)
        }
    }
}
