import Checker
import Histories
import JSON
import Pages

/// The checker's verdicts in the shape the pages draw.
enum VerdictMapping {
    static func timeline(_ verdict: Verdict) -> TimelineVerdict {
        TimelineVerdict(registers: verdict.registers.map { register in
            TimelineVerdict.Register(
                register: register.register, consistency: Badge(consistency: register.consistency.rawValue),
                linearization: register.linearization,
                violations: register.violations.map {
                    TimelineVerdict.Violation(level: $0.level.rawValue, rule: $0.rule.rawValue, message: $0.message, operations: $0.operations)
                },
                note: register.unknownReason.map { "undecided: \($0)" })
        })
    }

    /// A stored verdict (SPEC §4 JSON, as `Verdict.json` wrote it) in the pages' shape.
    static func timeline(storedJSON bytes: [UInt8]) -> TimelineVerdict? {
        guard let json = try? JSON.parse(bytes), let registers = json["registers"]?.arrayValue else { return nil }
        return TimelineVerdict(registers: registers.compactMap { register in
            guard let label = register["register"].flatMap(label(_:)) else { return nil }
            let violations = (register["violations"]?.arrayValue ?? []).map { violation in
                TimelineVerdict.Violation(
                    level: violation["level"]?.stringValue ?? "", rule: violation["rule"]?.stringValue ?? "",
                    message: violation["message"]?.stringValue ?? "", operations: ids(violation["operations"]) ?? [])
            }
            return TimelineVerdict.Register(
                register: label, consistency: Badge(consistency: register["consistency"]?.stringValue ?? "unknown"),
                linearization: ids(register["linearization"]), violations: violations,
                note: register["unknownReason"]?.stringValue.map { "undecided: \($0)" })
        })
    }

    private static func label(_ json: JSON) -> Label? {
        if let text = json.stringValue { return .string(text) }
        if let number = json.numberValue?.int64Value { return .int(Int(number)) }
        return nil
    }

    private static func ids(_ json: JSON?) -> [Int]? {
        json?.arrayValue?.compactMap { $0.numberValue?.int64Value.map { Int($0) } }
    }
}
