/// The search of `LinearizabilitySearch` over one segment, with its entry list and cache.
///
/// Entries are the call and return events of the operations, sorted by time with calls before returns
/// at equal times (equal times are concurrent). Lowe's loop: take the first entry; a call whose
/// operation can take effect in the current state, leading to an unseen (set, state) pair, is
/// linearized and lifted out of the list; a return of an operation not yet linearized means the last
/// choice was wrong, so it is undone. `info` operations have no return entry: they need never be
/// linearized, and placing one last is the same as dropping it.
struct Searcher {
    struct End {
        var state: Int32
        var start: Int32
        var order: [Int]
    }

    struct Result {
        var ends: [End] = []
        var partial: [Int] = []
    }

    private let ops: [Op]
    /// Global op index per local index.
    private let indices: [Int]
    private let budget: Budget
    private let trackPartial: Bool

    // Entry list: entries 0..<count, head sentinel at `head`.
    private var next: [Int32]
    private var prev: [Int32]
    private var entryOp: [Int32]
    private var isCall: [Bool]
    private var returnEntry: [Int32]
    private let head: Int32

    private var bits: [UInt64]
    private var zobrist: [UInt64]
    private var cache: Set<CacheKey> = []

    init(ops: [Op], indices: [Int], budget: Budget, trackPartial: Bool) {
        self.ops = ops
        self.indices = indices
        self.budget = budget
        self.trackPartial = trackPartial
        var events: [(time: Int64, isReturn: Bool, local: Int32)] = []
        events.reserveCapacity(indices.count * 2)
        for (local, global) in indices.enumerated() {
            let op = ops[global]
            events.append((op.invoke, false, Int32(local)))
            if !op.info { events.append((op.complete, true, Int32(local))) }
        }
        events.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.isReturn != b.isReturn { return !a.isReturn }
            return a.local < b.local
        }
        let count = events.count
        head = Int32(count)
        next = [Int32](repeating: -1, count: count + 1)
        prev = [Int32](repeating: -1, count: count + 1)
        entryOp = events.map { $0.local }
        isCall = events.map { !$0.isReturn }
        returnEntry = [Int32](repeating: -1, count: count)
        var callOf = [Int32](repeating: -1, count: indices.count)
        for (e, event) in events.enumerated() {
            if event.isReturn {
                returnEntry[Int(callOf[Int(event.local)])] = Int32(e)
            } else {
                callOf[Int(event.local)] = Int32(e)
            }
        }
        var last = head
        for e in 0..<Int32(count) {
            next[Int(last)] = e
            prev[Int(e)] = last
            last = e
        }
        next[Int(last)] = -1
        bits = [UInt64](repeating: 0, count: (indices.count + 63) / 64)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        zobrist = (0..<indices.count).map { _ in
            // splitmix64: a fixed sequence, so runs are reproducible.
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private mutating func lift(_ e: Int32) {
        let call = Int(e)
        next[Int(prev[call])] = next[call]
        if next[call] >= 0 { prev[Int(next[call])] = prev[call] }
        let r = returnEntry[call]
        if r >= 0 {
            let ret = Int(r)
            next[Int(prev[ret])] = next[ret]
            if next[ret] >= 0 { prev[Int(next[ret])] = prev[ret] }
        }
    }

    private mutating func unlift(_ e: Int32) {
        let r = returnEntry[Int(e)]
        if r >= 0 {
            let ret = Int(r)
            next[Int(prev[ret])] = r
            if next[ret] >= 0 { prev[Int(next[ret])] = r }
        }
        let call = Int(e)
        next[Int(prev[call])] = e
        if next[call] >= 0 { prev[Int(next[call])] = e }
    }

    /// Searches from each start state. With `collectAll`, every reachable end state is reported (one
    /// order each); otherwise the first valid order ends the search.
    mutating func run(starts: [Int32], collectAll: Bool) throws -> Result {
        var result = Result()
        var seenEnd = Set<Int32>()
        let mustLinearize = indices.reduce(0) { $0 + (ops[$1].info ? 0 : 1) }
        var stack: [(entry: Int32, state: Int32)] = []
        stack.reserveCapacity(indices.count)
        var steps = 0
        for start in starts {
            var state = start
            var hash: UInt64 = 0
            var remaining = mustLinearize
            var entry = next[Int(head)]
            while true {
                steps &+= 1
                if steps & 0xFFF == 0 { try budget.poll() }
                if remaining == 0 {
                    if seenEnd.insert(state).inserted {
                        result.ends.append(End(state: state, start: start, order: stack.map { indices[Int(entryOp[Int($0.entry)])] }))
                    }
                    if !collectAll { return result }
                    entry = -1 // fall through to backtracking
                }
                if entry >= 0 && isCall[Int(entry)] {
                    let local = Int(entryOp[Int(entry)])
                    if let newState = LinearizabilitySearch.apply(ops[indices[local]], to: state) {
                        bits[local >> 6] |= 1 << UInt64(local & 63)
                        let newHash = hash ^ zobrist[local]
                        let inserted = cache.insert(CacheKey(bits: bits, state: newState, hash: newHash)).inserted
                        if inserted {
                            if cache.count > budget.maxStates {
                                throw BudgetExceeded(reason: "state budget exhausted (\(budget.maxStates) states)")
                            }
                            stack.append((entry, state))
                            state = newState
                            hash = newHash
                            lift(entry)
                            if !ops[indices[local]].info { remaining -= 1 }
                            entry = next[Int(head)]
                            continue
                        }
                        bits[local >> 6] &= ~(1 << UInt64(local & 63))
                    }
                    entry = next[Int(entry)]
                    continue
                }
                // A return of an operation not yet linearized (or the end): undo the last choice.
                if trackPartial && stack.count > result.partial.count {
                    result.partial = stack.map { indices[Int(entryOp[Int($0.entry)])] }
                }
                guard let top = stack.popLast() else { break }
                let local = Int(entryOp[Int(top.entry)])
                bits[local >> 6] &= ~(1 << UInt64(local & 63))
                hash ^= zobrist[local]
                state = top.state
                unlift(top.entry)
                if !ops[indices[local]].info { remaining += 1 }
                entry = next[Int(top.entry)]
            }
        }
        return result
    }
}

/// A memoized search node: which operations are linearized, and the register's state.
struct CacheKey: Hashable {
    var bits: [UInt64]
    var state: Int32
    /// Zobrist hash of `bits`, kept incrementally.
    var hash: UInt64

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
        hasher.combine(state)
    }

    static func == (a: CacheKey, b: CacheKey) -> Bool {
        a.hash == b.hash && a.state == b.state && a.bits == b.bits
    }
}
