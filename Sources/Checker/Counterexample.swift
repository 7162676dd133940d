/// Minimal counterexamples: a small set of operations that violates a level on its own, shrunk by
/// delta debugging (Zeller and Hildebrandt, "Simplifying and isolating failure-inducing input",
/// 2002) until removing any one operation makes the violation disappear.
///
/// A set is taken on its own with the register's initial value, except that a read of a value that
/// only operations outside the set wrote is left out: its write is not in the set, so the set says
/// nothing about it (otherwise every read would be a "read from nowhere" of one operation).
struct Counterexample {
    let history: RegisterHistory
    let level: Level
    let budget: Budget
    /// Values some operation of the whole register writes.
    private let writtenAnywhere: [Bool]
    private(set) var checks = 0

    init(history: RegisterHistory, level: Level, budget: Budget) {
        self.history = history
        self.level = level
        self.budget = budget
        var written = [Bool](repeating: false, count: history.values.count)
        for op in history.ops where op.writes { written[Int(op.value)] = true }
        writtenAnywhere = written
    }

    /// `set` (op indices) with the reads it says nothing about left out: a read (or a cas, which
    /// reads its expected value) of a value that only operations outside the set wrote.
    func meaningful(_ set: [Int]) -> [Int] {
        var writtenHere = Set<Int32>()
        for i in set where history.ops[i].writes { writtenHere.insert(history.ops[i].value) }
        return set.filter { i in
            let op = history.ops[i]
            let observed: Int32
            switch op.kind {
            case .read: observed = op.value
            case .cas: observed = op.expected
            default: return true
            }
            guard observed != history.initial else { return true }
            return writtenHere.contains(observed) || !writtenAnywhere[Int(observed)]
        }
    }

    /// True when `set` violates the level on its own; nil when that could not be decided.
    mutating func violates(_ set: [Int]) -> Bool? {
        checks += 1
        let sub = history.restricted(to: meaningful(set))
        switch LevelDecision.decide(sub, level: level, budget: budget) {
        case .holds: return false
        case .fails: return true
        case .unknown: return nil
        }
    }

    /// Shrinks a violating `start` (sorted op indices) to a 1-minimal violating set. Returns the set
    /// and whether it is known minimal (false when the budget ran out first).
    mutating func shrink(_ start: [Int], maxChecks: Int) -> (set: [Int], minimal: Bool) {
        var set = start
        var granularity = 2
        while set.count >= 2 {
            if checks >= maxChecks { return (set, false) }
            if (try? budget.poll()) == nil { return (set, false) }
            let chunk = (set.count + granularity - 1) / granularity
            var reduced = false
            var undecided = false
            var lower = 0
            while lower < set.count {
                let upper = min(lower + chunk, set.count)
                let complement = Array(set[..<lower] + set[upper...])
                switch violates(complement) {
                case true?:
                    set = complement
                    granularity = max(granularity - 1, 2)
                    reduced = true
                case false?:
                    break
                case nil:
                    undecided = true
                }
                if reduced { break }
                if checks >= maxChecks { return (set, false) }
                lower = upper
            }
            if reduced { continue }
            if granularity >= set.count { return (set, !undecided) }
            granularity = min(granularity * 2, set.count)
        }
        // One operation left: it violates on its own; removing it leaves nothing, which holds.
        return (set, true)
    }
}
