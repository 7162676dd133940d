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
    /// Per group: invocations ascending, and the running maximum of completions.
    private var invokes: [[Int64]]
    private var maxCompletes: [[Int64]]
    private let groupByValue: Bool

    init(_ ops: [Op], groupByValue: Bool, valueCount: Int) {
        self.groupByValue = groupByValue
        let groups = groupByValue ? valueCount : 1
        var members = [[(Int64, Int64)]](repeating: [], count: groups)
        for op in ops where op.writes {
            members[groupByValue ? Int(op.value) : 0].append((op.invoke, op.complete))
        }
        invokes = []
        maxCompletes = []
        invokes.reserveCapacity(groups)
        maxCompletes.reserveCapacity(groups)
        for var group in members {
            group.sort { $0.0 < $1.0 }
            var running = Int64.min
            var inv: [Int64] = []
            var mc: [Int64] = []
            inv.reserveCapacity(group.count)
            mc.reserveCapacity(group.count)
            for (i, c) in group {
                running = max(running, c)
                inv.append(i)
                mc.append(running)
            }
            invokes.append(inv)
            maxCompletes.append(mc)
        }
    }

    func anyConcurrent(with read: Op, value: Int32) -> Bool {
        let g = groupByValue ? Int(value) : 0
        let inv = invokes[g]
        // Number of writes invoked at or before the read's completion.
        var lo = 0
        var hi = inv.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if inv[mid] <= read.complete { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && maxCompletes[g][lo - 1] >= read.invoke
    }
}
