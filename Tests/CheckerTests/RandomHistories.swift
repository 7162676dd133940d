import Histories
import TestSupport


/// Random small single-register histories: 1–8 operations, 1–4 processes (mostly sequential), repeated
/// or distinct values, info and fail operations, equal timestamps, initial null or a value.
enum RandomHistories {
    static func make(seed: UInt64, maxOps: Int = 8, cas: Bool? = nil) -> History {
        var rng = SeededRandom(seed: seed)
        let useCas = cas ?? (Int.random(in: 0..<5, using: &rng) == 0)
        let count = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...maxOps, using: &rng) : maxOps - Int.random(in: 0...2, using: &rng)
        let processes = Int.random(in: 1...4, using: &rng)
        let distinct = Bool.random(using: &rng)
        let sequential = Int.random(in: 0..<5, using: &rng) != 0
        let initial: Value = Bool.random(using: &rng) ? .null : .int(0)
        var clock = [Int64](repeating: 0, count: processes)
        var nextValue: Int64 = 1
        var written: [Value] = [initial]
        var ops: [Operation] = []
        for id in 0..<count {
            let p = Int.random(in: 0..<processes, using: &rng)
            let kindRoll = Int.random(in: 0..<10, using: &rng)
            let invoke: Int64
            if sequential {
                invoke = clock[p] + Int64.random(in: 0...3, using: &rng)
            } else {
                invoke = Int64.random(in: 0...12, using: &rng)
            }
            // Writes tend to be long, so reads overlap them (flicker, new-old inversions).
            let complete = invoke + Int64.random(in: 0...6, using: &rng) + (kindRoll >= 5 ? Int64.random(in: 0...4, using: &rng) : 0)
            clock[p] = complete + (Bool.random(using: &rng) ? 1 : 0)
            let roll = Int.random(in: 0..<20, using: &rng)
            let status: Operation.Status = roll < 15 ? .ok : (roll < 17 ? .fail : .info)
            var kind: Operation.Kind = kindRoll < 5 ? .read : .write
            if useCas && kindRoll >= 8 { kind = .cas }
            var value: Value
            var expected: Value?
            switch kind {
            case .read:
                let r = Int.random(in: 0..<40, using: &rng)
                if r == 0 { value = .int(99) } // never written
                else if r < 16 || distinct { value = written.randomElement(using: &rng) ?? initial }
                else { value = .int(Int64.random(in: 0...2, using: &rng)) }
            case .write, .cas:
                if distinct { value = .int(nextValue); nextValue += 1 } else { value = .int(Int64.random(in: 0...2, using: &rng)) }
                written.append(value)
                if kind == .cas { expected = written.randomElement(using: &rng) }
            }
            // Reads may come before the writes they name: pick again from the final set below.
            ops.append(Operation(
                id: id, process: .string("p\(p)"), register: History.defaultRegister, kind: kind, value: value,
                expected: expected, invoke: invoke, complete: status == .info ? nil : complete, status: status))
        }
        // Let some reads name values written by later operations (read-before-write, inversions).
        for i in ops.indices where ops[i].kind == .read && Int.random(in: 0..<5, using: &rng) == 0 {
            ops[i].value = written.randomElement(using: &rng) ?? initial
        }
        return History(model: useCas ? .casRegister : .register, initial: initial, operations: ops)
    }
}
