/// Atomicity of a register whose written values are all distinct, in O(n log n): the zones of
/// Gibbons and Korach, "Testing shared memories" (SIAM J. Comput. 26(4), 1997).
///
/// With distinct values every read names its write, so each write and its reads form a cluster.
/// A cluster's zone runs between its earliest completion `f` and its latest invocation `s`. When
/// `f < s` the zone is *forward*: some operation of the cluster precedes another, the write must be
/// linearized before `f` and its last read after `s`, so no other write may fall in between. Otherwise it
/// is *backward*: all its operations share a moment in `[s, f]` and the whole cluster can be linearized
/// there at once. The history is atomic iff every read has a write that does not begin after the read
/// ends, no two forward zones overlap, and no backward zone lies inside a forward zone.
///
/// Ties: times become ranks in which invocations at a time come before completions at that time
/// (equal times are concurrent), and events of the same kind at one time are ordered by operation, so
/// all ranks differ and the continuous-time argument of the paper applies unchanged.
enum Zones {
    enum Outcome {
        /// Indices into the ops, a valid order (unread `info` writes dropped).
        case atomic([Int])
        /// A small set of operations (indices) that already shows the violation.
        case violated(seed: [Int])
    }

    /// Requires `RegisterHistory.hasDistinctWrites`.
    static func check(_ history: RegisterHistory) -> Outcome {
        let ops = history.ops
        let n = ops.count
        if n == 0 { return .atomic([]) }
        let ranks = Ranks(ops)

        // The write of each value: op index, `initialWrite` for the initial value, or -1.
        let initialWrite = -2
        var writer = [Int](repeating: -1, count: history.values.count)
        writer[Int(history.initial)] = initialWrite
        for i in 0..<n where ops[i].kind == .write { writer[Int(ops[i].value)] = i }

        // Clusters, one per write (the initial write is cluster `n`): f = min completion rank,
        // s = max invocation rank, with the operations that attain them.
        let clusterCount = n + 1
        var f = [UInt64](repeating: UInt64.max, count: clusterCount)
        var s = [UInt64](repeating: 0, count: clusterCount)
        var fOp = [Int](repeating: -1, count: clusterCount)
        var sOp = [Int](repeating: -1, count: clusterCount)
        var hasReads = [Bool](repeating: false, count: clusterCount)
        var clusterOf = [Int](repeating: -1, count: n)
        // The initial write precedes everything: ranks below every real event.
        f[n] = 1
        s[n] = 0
        for i in 0..<n {
            let op = ops[i]
            let c: Int
            if op.kind == .write {
                c = i
            } else {
                let w = writer[Int(op.value)]
                if w == -1 { return .violated(seed: [i]) } // read from nowhere
                c = w == initialWrite ? n : w
                if c != n && op.precedes(ops[c]) { return .violated(seed: [i, c]) } // read before write
                hasReads[c] = true
            }
            clusterOf[i] = c
            let ci = ranks.complete(i)
            let ii = ranks.invoke(i)
            if ci < f[c] { f[c] = ci; fOp[c] = i }
            if ii > s[c] { s[c] = ii; sOp[c] = i }
        }

        func members(_ c: Int) -> [Int] {
            var set: [Int] = []
            if c != n { set.append(c) }
            for i in [fOp[c], sOp[c]] where i >= 0 && !set.contains(i) { set.append(i) }
            return set
        }

        // Forward zones must be pairwise disjoint: sorted by f, each must end before the next begins.
        var forward: [Int] = []
        for c in 0..<clusterCount where (c == n ? hasReads[n] : ops[c].kind == .write) && f[c] < s[c] {
            forward.append(c)
        }
        forward.sort { f[$0] < f[$1] }
        for k in forward.indices.dropFirst() where s[forward[k - 1]] > f[forward[k]] {
            return .violated(seed: (members(forward[k - 1]) + members(forward[k])).sorted())
        }
        let starts = forward.map { f[$0] }

        // The forward zone strictly containing rank `r`, if any.
        func forwardZone(containing r: UInt64) -> Int? {
            var lo = 0
            var hi = starts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] < r { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return nil }
            let z = forward[lo - 1]
            return r < s[z] ? z : nil
        }

        // No backward zone inside a forward zone. Unread `info` writes are left out of the order, so
        // their zones (which end at +infinity) need no place.
        var point = [UInt64](repeating: 0, count: clusterCount)
        for c in 0..<n where ops[c].kind == .write && !(f[c] < s[c]) {
            if ops[c].info && !hasReads[c] { continue }
            if let z = forwardZone(containing: s[c]) {
                if f[c] < s[z] { return .violated(seed: (members(z) + members(c)).sorted()) }
                // Just after the forward zone ends, still inside [s, f].
                point[c] = 4 * s[z] + 3
            } else {
                point[c] = 4 * s[c] + 2
            }
        }

        // Atomic: the witness. Each event rank r sits at 4r+2; a forward cluster's write goes just
        // before its f (4f+1) and each read at max(its invocation, 4f+1); a backward cluster all at
        // its point. Every point lies within its operation's interval, so precedes is respected, and
        // no other write falls inside a forward zone, so every read sees its own write last.
        // (point, cluster, 0 for the write and 1 for a read, op): several backward clusters may share
        // a point (just after the same forward zone), so whole clusters are kept together.
        var keys: [(point: UInt64, cluster: Int, read: Bool, op: Int)] = []
        keys.reserveCapacity(n)
        for i in 0..<n {
            let c = clusterOf[i]
            if c != n && ops[c].info && !hasReads[c] { continue }
            let p: UInt64
            if f[c] < s[c] {
                p = ops[i].kind == .write ? 4 * f[c] + 1 : max(4 * ranks.invoke(i) + 2, 4 * f[c] + 1)
            } else {
                p = c == n ? 0 : point[c]
            }
            keys.append((p, c, ops[i].kind != .write, i))
        }
        keys.sort { a, b in
            if a.point != b.point { return a.point < b.point }
            if a.cluster != b.cluster { return a.cluster < b.cluster }
            if a.read != b.read { return !a.read }
            return a.op < b.op
        }
        return .atomic(keys.map { $0.op })
    }
}

/// Distinct ranks for the invocation and completion of every operation, as UInt64 keys (see `Zones`).
///
/// key = ((denseTime + 1) * 2 + phase) << indexBits | opIndex, with phase 0 for invocations and 1
/// for completions; `info` completions get a time beyond all others. Ranks 0 and 1 stay free for the
/// initial write's invocation and completion. Keys stay below 2^60 for any history that fits in memory,
/// so the witness arithmetic (4 * key + 3) cannot overflow.
struct Ranks {
    private var invokeKey: [UInt64]
    private var completeKey: [UInt64]

    init(_ ops: [Op]) {
        let n = ops.count
        var times: [Int64] = []
        times.reserveCapacity(2 * n)
        for op in ops {
            times.append(op.invoke)
            if !op.info { times.append(op.complete) }
        }
        times.sort()
        var distinct: [Int64] = []
        distinct.reserveCapacity(times.count)
        for t in times where distinct.last != t { distinct.append(t) }
        let infoTime = UInt64(distinct.count)
        var indexBits: UInt64 = 1
        while (1 << indexBits) < n + 1 { indexBits += 1 }
        func dense(_ t: Int64) -> UInt64 {
            var lo = 0
            var hi = distinct.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if distinct[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return UInt64(lo)
        }
        invokeKey = []
        completeKey = []
        invokeKey.reserveCapacity(n)
        completeKey.reserveCapacity(n)
        for (i, op) in ops.enumerated() {
            let di = dense(op.invoke)
            let dc = op.info ? infoTime : dense(op.complete)
            invokeKey.append((((di + 1) * 2) << indexBits) | UInt64(i))
            completeKey.append((((dc + 1) * 2 + 1) << indexBits) | UInt64(i))
        }
    }

    @inline(__always) func invoke(_ i: Int) -> UInt64 { invokeKey[i] }
    @inline(__always) func complete(_ i: Int) -> UInt64 { completeKey[i] }
}
