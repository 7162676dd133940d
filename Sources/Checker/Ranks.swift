/// Distinct ranks for the invocation and completion of every operation (see `Zones`).
///
/// Events are ordered by time, invocations before completions at equal times (equal times are
/// concurrent), then by operation index; `info` completions come after everything. Ranks 0 and 1 are
/// left for the initial write, so real events have ranks 2..<2n+2. Built from two sorts of n packed
/// integers and a merge, which is what keeps 10^6 operations well under a second.
struct Ranks {
    private(set) var invokeRank: [UInt32]
    private(set) var completeRank: [UInt32]
    /// The event at each rank: op index << 1 | 1 for a completion, 0 for an invocation (ranks 0, 1: -1).
    private(set) var event: [Int]

    init(_ ops: [Op]) {
        let n = ops.count
        let invokes = Ranks.sortedByTime(n) { ops[$0].invoke }
        let finite = ops.indices.filter { !ops[$0].info }
        var completes = Ranks.sortedByTime(finite.count) { ops[finite[$0]].complete }.map { finite[$0] }
        completes.append(contentsOf: ops.indices.filter { ops[$0].info })
        invokeRank = [UInt32](repeating: 0, count: n)
        completeRank = [UInt32](repeating: 0, count: n)
        event = [Int](repeating: -1, count: 2 * n + 2)
        var i = 0
        var c = 0
        var rank = 2
        while i < n || c < completes.count {
            let takeInvoke: Bool
            if i == n { takeInvoke = false }
            else if c == completes.count { takeInvoke = true }
            else {
                let oc = ops[completes[c]]
                takeInvoke = oc.info || ops[invokes[i]].invoke <= oc.complete
            }
            if takeInvoke {
                invokeRank[invokes[i]] = UInt32(rank)
                event[rank] = invokes[i] << 1
                i += 1
            } else {
                completeRank[completes[c]] = UInt32(rank)
                event[rank] = completes[c] << 1 | 1
                c += 1
            }
            rank += 1
        }
    }

    /// Indices 0..<count sorted by (time, index). Packs (time - min) and the index into one UInt64
    /// when the time span allows (any history under hours of nanoseconds), else compares pairs.
    static func sortedByTime(_ count: Int, _ time: (Int) -> Int64) -> [Int] {
        guard count > 0 else { return [] }
        var lo = Int64.max
        var hi = Int64.min
        for k in 0..<count {
            let t = time(k)
            lo = min(lo, t)
            hi = max(hi, t)
        }
        var indexBits: UInt64 = 1
        while (1 << indexBits) < count { indexBits += 1 }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        if !overflow && UInt64(span) < (1 << (63 - indexBits)) {
            var packed = [UInt64](repeating: 0, count: count)
            for k in 0..<count { packed[k] = UInt64(time(k) - lo) << indexBits | UInt64(k) }
            packed.sort()
            let mask = (UInt64(1) << indexBits) - 1
            return packed.map { Int($0 & mask) }
        }
        let times = (0..<count).map(time)
        return (0..<count).sorted { (times[$0], $0) < (times[$1], $1) }
    }

    @inline(__always) func invoke(_ i: Int) -> UInt64 { UInt64(invokeRank[i]) }
    @inline(__always) func complete(_ i: Int) -> UInt64 { UInt64(completeRank[i]) }
}
