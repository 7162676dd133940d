/// Exact atomicity (linearizability) check for one register: Wing and Gong's search over the
/// operations that may come next, with Lowe's memoization of (set of linearized operations, state)
/// pairs, as in Lowe, "Testing for linearizability" (2017) and Porcupine.
///
/// The history is first split at quiescent points (no operation spans the cut; an `info` operation
/// spans everything after its invocation): each segment is searched from the set of states the
/// previous one can end in, so the exponential part only sees one segment at a time.
enum LinearizabilitySearch {
    enum Outcome: Sendable {
        /// Indices into the searched ops, in a valid order (`info` writes left out are dropped).
        case linearizable([Int])
        /// No valid order. With `trackPartial`, the longest valid prefix found and the operations that
        /// could not come after it (indices into the searched ops).
        case notLinearizable(partial: [Int], blocked: [Int])
    }

    /// Decides atomicity of `history` (its `ops` as given), from its initial value.
    static func check(_ history: RegisterHistory, budget: Budget, trackPartial: Bool = false) throws -> Outcome {
        let ops = history.ops
        if trackPartial {
            var searcher = Searcher(ops: ops, indices: Array(ops.indices), budget: budget, trackPartial: true)
            let result = try searcher.run(starts: [history.initial], collectAll: false)
            if let end = result.ends.first { return .linearizable(end.order) }
            return .notLinearizable(partial: result.partial, blocked: blockedAfter(result.partial, ops: ops))
        }
        let segments = quiescentSegments(ops)
        var starts: [Int32] = [history.initial]
        // Per segment: end state -> (start state, order).
        var chains: [[Int32: (start: Int32, order: [Int])]] = []
        for (s, segment) in segments.enumerated() {
            var searcher = Searcher(ops: ops, indices: segment, budget: budget, trackPartial: false)
            let result = try searcher.run(starts: starts, collectAll: s + 1 < segments.count)
            if result.ends.isEmpty { return .notLinearizable(partial: [], blocked: []) }
            var map: [Int32: (start: Int32, order: [Int])] = [:]
            for end in result.ends where map[end.state] == nil { map[end.state] = (end.start, end.order) }
            chains.append(map)
            starts = map.keys.sorted()
        }
        // Walk back from any final state to the initial one.
        var order: [[Int]] = []
        var state = starts.first ?? history.initial
        for map in chains.reversed() {
            guard let link = map[state] else { break }
            order.append(link.order)
            state = link.start
        }
        return .linearizable(order.reversed().flatMap { $0 })
    }

    /// Index lists of independent segments, in time order: a cut falls where every operation before
    /// it completed strictly before every operation after it was invoked.
    static func quiescentSegments(_ ops: [Op]) -> [[Int]] {
        let byInvoke = ops.indices.sorted { (ops[$0].invoke, $0) < (ops[$1].invoke, $1) }
        var segments: [[Int]] = []
        var current: [Int] = []
        var maxComplete = Int64.min
        for i in byInvoke {
            if !current.isEmpty && maxComplete < ops[i].invoke {
                segments.append(current)
                current = []
            }
            current.append(i)
            maxComplete = max(maxComplete, ops[i].complete)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// The operations outside `partial` that nothing outside `partial` precedes: those that could
    /// have come next, and could not.
    static func blockedAfter(_ partial: [Int], ops: [Op]) -> [Int] {
        var done = [Bool](repeating: false, count: ops.count)
        for i in partial { done[i] = true }
        let rest = ops.indices.filter { !done[$0] }
        return rest.filter { i in !rest.contains { j in j != i && ops[j].precedes(ops[i]) } }
    }

    /// The register (or cas-register) step: the new state, or nil when `op` cannot take effect in
    /// `state`. A linearized `info` operation is one that took effect.
    @inline(__always) static func apply(_ op: Op, to state: Int32) -> Int32? {
        switch op.kind {
        case .read: return op.value == state ? state : nil
        case .write: return op.value
        case .cas: return op.expected == state ? op.value : nil
        }
    }
}
