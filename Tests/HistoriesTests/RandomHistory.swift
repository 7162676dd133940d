import JSON
import Histories
import TestSupport


enum RandomHistory {
    static let literals = ["0", "1", "-7", "1.0", "1.50", "2e3", "12345678901234567890123", "-0.001", "1E+2"]
    static let strings = ["", "a", "1", "null", "é😀", "<&>\"\\\n\u{2028}\u{0}", "true"]

    static func value(_ rng: inout SeededRandom) -> Value {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(JSONNumber(literals.randomElement(using: &rng) ?? "0") ?? JSONNumber(0))
        default: return .string(strings.randomElement(using: &rng) ?? "")
        }
    }

    static func label(_ rng: inout SeededRandom) -> Label {
        Bool.random(using: &rng) ? .int(Int.random(in: -3...1000, using: &rng)) : .string(strings.randomElement(using: &rng) ?? "p")
    }

    static func make(seed: UInt64, count: Int) -> History {
        var rng = SeededRandom(seed: seed)
        let cas = Bool.random(using: &rng)
        var ids = Array(0..<(count * 2)).shuffled(using: &rng).prefix(count)
        var operations: [Operation] = []
        for _ in 0..<count {
            let kind: Operation.Kind = cas ? [.read, .write, .cas].randomElement(using: &rng) ?? .read : Bool.random(using: &rng) ? .read : .write
            let status = Operation.Status.allCases.randomElement(using: &rng) ?? .ok
            let invoke = Int64.random(in: -1_000...1_000_000_000_000, using: &rng)
            let complete = status == .info ? nil : invoke + Int64.random(in: 0...1_000, using: &rng)
            operations.append(Operation(
                id: ids.popFirst() ?? 0, process: label(&rng), register: label(&rng), kind: kind, value: value(&rng),
                expected: kind == .cas ? value(&rng) : nil, invoke: invoke, complete: complete, status: status))
        }
        let name: String? = Bool.random(using: &rng) ? "h\(seed) <é>" : nil
        return History(name: name, model: cas ? .casRegister : .register, initial: value(&rng), operations: operations)
    }
}
