/// Regular and safe as atomicity of a history with some reads removed (SPEC §2).
///
/// A read can only constrain an order through the value it returns; a read that may return anything
/// constrains nothing, and can always be slotted in between the operations that precede it and those
/// it precedes (precedes is an interval order). So:
/// - regular removes the reads whose value some write concurrent with them wrote;
/// - safe removes every read concurrent with some write.
/// Concurrency is that of the history (an `info` write is concurrent with every operation that does
/// not complete before its invocation, whether an order places it or drops it).
enum LevelReduction {
    /// Indices into `history.ops` of the operations kept for `level`, in their original order.
    static func kept(_ history: RegisterHistory, level: Level) -> [Int] {
        let ops = history.ops
        switch level {
        case .atomic:
            return Array(ops.indices)
        case .regular:
            let writes = ConcurrentWrites(ops, groupByValue: true, valueCount: history.values.count)
            return ops.indices.filter { i in
                ops[i].kind != .read || !writes.anyConcurrent(with: ops[i], value: ops[i].value)
            }
        case .safe:
            let writes = ConcurrentWrites(ops, groupByValue: false, valueCount: history.values.count)
            return ops.indices.filter { i in
                ops[i].kind != .read || !writes.anyConcurrent(with: ops[i], value: 0)
            }
        }
    }
}

/// Answers "is some write (of this value) concurrent with this read?" in O(log n).
///
/// A write `w` is concurrent with `r` iff `w.invoke <= r.complete` and `w.complete >= r.invoke`.
/// Writes are sorted by invocation with a running maximum of completions: among the writes invoked by
/// `r.complete` (a prefix), one is concurrent iff the prefix's largest completion reaches `r.invoke`.
struct ConcurrentWrites {
    /// Writes grouped (by value, or all in group 0), each group sorted by invocation: group g is
    /// `start[g]..<start[g + 1]` of `invokes` and `maxCompletes` (running maximum within the group).
    private var start: [Int32]
    private var invokes: [Int64]
    private var maxCompletes: [Int64]
    private let groupByValue: Bool

    init(_ ops: [Op], groupByValue: Bool, valueCount: Int) {
        self.groupByValue = groupByValue
        let groups = groupByValue ? valueCount : 1
        // Counting sort into groups, then a sort inside each group of more than one write.
        var start = [Int32](repeating: 0, count: groups + 1)
        for op in ops where op.writes { start[(groupByValue ? Int(op.value) : 0) + 1] += 1 }
        for g in 0..<groups { start[g + 1] += start[g] }
        var fill = start
        var pairs = [(invoke: Int64, complete: Int64)](repeating: (0, 0), count: Int(start[groups]))
        for op in ops where op.writes {
            let g = groupByValue ? Int(op.value) : 0
            pairs[Int(fill[g])] = (op.invoke, op.complete)
            fill[g] += 1
        }
        invokes = [Int64](repeating: 0, count: pairs.count)
        maxCompletes = [Int64](repeating: 0, count: pairs.count)
        for g in 0..<groups {
            let range = Int(start[g])..<Int(start[g + 1])
            if range.count > 1 { pairs[range].sort { $0.invoke < $1.invoke } }
            var running = Int64.min
            for k in range {
                running = max(running, pairs[k].complete)
                invokes[k] = pairs[k].invoke
                maxCompletes[k] = running
            }
        }
        self.start = start
    }

    func anyConcurrent(with read: Op, value: Int32) -> Bool {
        let g = groupByValue ? Int(value) : 0
        let first = Int(start[g])
        // Number of writes of the group invoked at or before the read's completion.
        var lo = first
        var hi = Int(start[g + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if invokes[mid] <= read.complete { lo = mid + 1 } else { hi = mid }
        }
        return lo > first && maxCompletes[lo - 1] >= read.invoke
    }
}
