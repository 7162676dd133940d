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

        // Forward zones must be pairwise disjoint: in order of f (ranks are distinct and below
        // 2n+2, so a scan orders them), each must end before the next begins.
        let rankCount = 2 * n + 2
        var zoneStartingAt = [Int32](repeating: -1, count: rankCount)
        for c in 0..<clusterCount where (c == n ? hasReads[n] : ops[c].kind == .write) && f[c] < s[c] {
            zoneStartingAt[Int(f[c])] = Int32(c)
        }
        var forward: [Int] = []
        for r in 0..<rankCount where zoneStartingAt[r] >= 0 { forward.append(Int(zoneStartingAt[r])) }
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

        // Places on the rank line: each op goes just before, at, or just after an event.
        let before: UInt64 = 0
        let at: UInt64 = 1
        let after: UInt64 = 2
        var place = [UInt64](repeating: 0, count: clusterCount)

        // No backward zone inside a forward zone. Unread `info` writes are left out of the order, so
        // their zones (which end at +infinity) need no place.
        for c in 0..<n where ops[c].kind == .write && !(f[c] < s[c]) {
            if ops[c].info && !hasReads[c] { continue }
            if let z = forwardZone(containing: s[c]) {
                if f[c] < s[z] { return .violated(seed: (members(z) + members(c)).sorted()) }
                // Just after the forward zone ends, still inside [s, f].
                place[c] = 3 * s[z] + after
            } else {
                place[c] = 3 * s[c] + at
            }
        }

        // Atomic: the witness. A forward cluster's write goes just before its f, each of its reads at
        // its invocation or just before f, whichever is later; a backward cluster all at its place.
        // Every place lies within its operation's interval, so precedes is respected, and no other
        // write falls inside a forward zone, so every read sees its own write last. Only backward
        // clusters share a place (just after the same forward zone), so a stable counting sort over
        // the operations listed cluster by cluster, write first, gives the order.
        var readStart = [Int32](repeating: 0, count: clusterCount + 1)
        for i in 0..<n where ops[i].kind == .read { readStart[clusterOf[i] + 1] += 1 }
        for c in 0..<clusterCount { readStart[c + 1] += readStart[c] }
        var fill = readStart
        var readsByCluster = [Int32](repeating: 0, count: Int(readStart[clusterCount]))
        for i in 0..<n where ops[i].kind == .read {
            readsByCluster[Int(fill[clusterOf[i]])] = Int32(i)
            fill[clusterOf[i]] += 1
        }
        var listed: [(op: Int32, key: UInt32)] = []
        listed.reserveCapacity(n)
        for c in 0..<clusterCount {
            if c != n && (ops[c].kind != .write || (ops[c].info && !hasReads[c])) { continue }
            let isForward = f[c] < s[c]
            if c != n {
                listed.append((Int32(c), UInt32(isForward ? 3 * f[c] + before : place[c])))
            }
            for k in Int(readStart[c])..<Int(readStart[c + 1]) {
                let r = Int(readsByCluster[k])
                let key: UInt64
                if isForward {
                    key = ranks.invoke(r) > f[c] ? 3 * ranks.invoke(r) + at : 3 * f[c] + before
                } else {
                    key = place[c]
                }
                listed.append((Int32(r), UInt32(key)))
            }
        }
        var bucketStart = [Int32](repeating: 0, count: 3 * rankCount + 1)
        for item in listed { bucketStart[Int(item.key) + 1] += 1 }
        for k in 0..<(3 * rankCount) { bucketStart[k + 1] += bucketStart[k] }
        var order = [Int](repeating: 0, count: listed.count)
        for item in listed {
            order[Int(bucketStart[Int(item.key)])] = Int(item.op)
            bucketStart[Int(item.key)] += 1
        }
        return .atomic(order)
    }
}
