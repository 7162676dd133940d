/// A cheap, independent check of a witness before it is reported: a wrong "atomic" is worse than none.
enum WitnessCheck {
    /// True when `order` (indices into `history.ops`) lists each operation at most once, every
    /// non-`info` operation exactly once, respects precedes, and every operation takes effect
    /// in the state left by the ones before it, starting from the initial value.
    static func isValid(_ order: [Int], in history: RegisterHistory) -> Bool {
        let ops = history.ops
        var seen = [Bool](repeating: false, count: ops.count)
        for i in order {
            guard i >= 0, i < ops.count, !seen[i] else { return false }
            seen[i] = true
        }
        for i in ops.indices where !ops[i].info && !seen[i] { return false }
        // Precedes: no later operation may complete before an earlier one was invoked.
        var minCompleteAfter = Int64.max
        for i in order.reversed() {
            if minCompleteAfter < ops[i].invoke { return false }
            minCompleteAfter = min(minCompleteAfter, ops[i].complete)
        }
        var state = history.initial
        for i in order {
            guard let next = LinearizabilitySearch.apply(ops[i], to: state) else { return false }
            state = next
        }
        return true
    }
}
