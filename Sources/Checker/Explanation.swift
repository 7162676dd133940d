import Histories

/// Names the rule a minimal violating set breaks and says it in one sentence (SPEC §4).
struct Explanation {
    let history: RegisterHistory
    let source: [Operation]

    /// "read 5 (p3)"
    func name(_ i: Int) -> String {
        let op = source[Int(history.ops[i].source)]
        return "\(op.kind.rawValue) \(op.id) (\(op.process))"
    }

    func id(_ i: Int) -> Int { source[Int(history.ops[i].source)].id }

    func value(_ v: Int32) -> String { history.values[Int(v)].description }

    /// The rule and sentence for `set` (op indices, already reduced for the level, violating).
    func classify(_ set: [Int]) -> (rule: Rule, message: String)? {
        let ops = history.ops
        let reads = set.filter { ops[$0].kind == .read }
        let writes = set.filter { ops[$0].kind == .write }
        // A cas that succeeded expecting a value nobody wrote.
        if set.count == 1, let c = set.first, ops[c].kind == .cas, ops[c].expected != history.initial {
            return (.readFromNowhere, "\(name(c)) succeeded expecting \(value(ops[c].expected)), a value no write wrote")
        }
        guard reads.count + writes.count == set.count else { return nil } // cas: no simple rule
        func writers(of v: Int32) -> [Int] { writes.filter { ops[$0].value == v } }

        // A single read of a value nobody wrote.
        if set.count == 1, let r = reads.first, ops[r].value != history.initial {
            return (.readFromNowhere, "\(name(r)) returned \(value(ops[r].value)), a value no write wrote")
        }
        // A read and the only write of its value, which began after the read completed.
        if reads.count == 1, writes.count == 1, let r = reads.first, let w = writes.first,
            ops[r].value == ops[w].value, ops[r].value != history.initial, ops[r].precedes(ops[w]) {
            return (.readBeforeWrite,
                    "\(name(r)) returned \(value(ops[r].value)), but \(name(w)) wrote it only after \(short(r)) completed")
        }
        // A read whose value was overwritten before it began: every write of the value (or the
        // initial value) precedes another write that precedes the read.
        for r in reads {
            let v = ops[r].value
            let sources = writers(of: v)
            if sources.isEmpty && v != history.initial { continue }
            for w in writes where ops[w].value != v && ops[w].precedes(ops[r])
                && sources.allSatisfy({ ops[$0].precedes(ops[w]) }) {
                let old = sources.first.map { "\(name($0)) of \(value(v))" } ?? "the initial value \(value(v))"
                return (.staleRead,
                        "\(name(r)) returned \(value(v)), but \(old) had been overwritten by \(name(w)) with \(value(ops[w].value)) before \(short(r)) began")
            }
        }
        // Two reads in real-time order seeing two writes in the opposite order.
        for r1 in reads {
            for r2 in reads where r1 != r2 && ops[r1].precedes(ops[r2]) && ops[r1].value != ops[r2].value {
                let newer = writers(of: ops[r1].value)
                let older = writers(of: ops[r2].value)
                let olderIsInitial = ops[r2].value == history.initial && older.isEmpty
                guard !newer.isEmpty, olderIsInitial || !older.isEmpty else { continue }
                let ordered = olderIsInitial
                    || older.allSatisfy { o in newer.allSatisfy { ops[o].precedes(ops[$0]) } }
                if ordered {
                    return (.newOldInversion,
                            "\(name(r2)) returned \(value(ops[r2].value)) after \(name(r1)) had returned \(value(ops[r1].value)); \(short(r1)) completed before \(short(r2)) began")
                }
            }
        }
        return nil
    }

    /// "read 5"
    func short(_ i: Int) -> String {
        let op = source[Int(history.ops[i].source)]
        return "\(op.kind.rawValue) \(op.id)"
    }
}
