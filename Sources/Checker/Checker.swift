import Dispatch
import Histories

/// The consistency checker (SPEC §2, §4): safe, regular and atomic, register by register.
///
/// Pure: no I/O, and time only through `CheckOptions.now`. Registers are independent
/// (P-compositionality), so they are checked in parallel.
public enum Checker {
    /// Checks every register of `history`. Never throws and never hangs: what the budget does not
    /// allow to decide comes back as `unknown` with the reason.
    public static func check(_ history: History, options: CheckOptions = CheckOptions()) -> Verdict {
        let start = options.now()
        let registers = RegisterHistory.split(history)
        let checkers = registers.map { RegisterChecker(history: $0, source: history.operations, options: options) }
        // Decide every register first, then explain: explanations must not eat the time of decisions.
        let decisions = parallelMap(checkers.count, parallel: options.parallel) { checkers[$0].decide() }
        let verdicts = parallelMap(checkers.count, parallel: options.parallel) { checkers[$0].verdict(decisions[$0]) }
        let consistency = verdicts.reduce(Consistency.atomic) { Consistency.weakest($0, $1.consistency) }
        let end = options.now()
        return Verdict(consistency: consistency, registers: verdicts, elapsedMicros: end >= start ? (end - start) / 1000 : 0)
    }

    /// `body` for 0..<count, on all cores when `parallel`.
    static func parallelMap<T>(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> T) -> [T] {
        if !parallel || count <= 1 { return (0..<count).map(body) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(base: buffer)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots.base[i] = body(i)
            }
        }
        // Every slot was written by exactly one iteration above.
        return results.map { $0! }
    }
}

/// Result slots written concurrently, each index by exactly one iteration of `concurrentPerform`,
/// and read only after it returns: no two threads touch the same element.
private struct Slots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T?>
}
