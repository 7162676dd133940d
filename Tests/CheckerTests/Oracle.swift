import Histories
@testable import Checker

/// SPEC §2 taken literally, by brute force, for small single-register histories: enumerate every
/// valid order (each `info` write or cas placed or dropped) and check the level's condition on it.
/// It deliberately does not use the read-removal reduction, so it checks that reduction too.
enum Oracle {
    static func holds(_ history: History, level: Level) -> Bool {
        let ops = history.operations.filter { $0.status != .fail && !($0.status == .info && $0.kind == .read) }
        let writes = ops.filter { $0.kind != .read }
        let n = ops.count
        precondition(n <= 16)
        // predecessors[i]: bitmask of ops that precede op i.
        var predecessors = [Int](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n where ops[j].precedes(ops[i]) { predecessors[i] |= 1 << j } }
        var required = 0
        for i in 0..<n where ops[i].status != .info { required |= 1 << i }
        // Per read: may it return something other than its latest write's value?
        func acceptable(_ read: Operation, latest: Value) -> Bool {
            if read.value == latest { return true }
            switch level {
            case .atomic:
                return false
            case .regular:
                return writes.contains { w in !w.precedes(read) && !read.precedes(w) && w.value == read.value }
            case .safe:
                return writes.contains { w in !w.precedes(read) && !read.precedes(w) }
            }
        }
        func search(_ placed: Int, _ state: Value) -> Bool {
            if placed & required == required { return true } // the rest (info) dropped
            for i in 0..<n where placed & (1 << i) == 0 && predecessors[i] & ~placed == 0 {
                let op = ops[i]
                var next = state
                switch op.kind {
                case .read:
                    if !acceptable(op, latest: state) { continue }
                case .write:
                    next = op.value
                case .cas:
                    if op.expected != state { continue }
                    next = op.value
                }
                if search(placed | (1 << i), next) { return true }
            }
            return false
        }
        return search(0, history.initial)
    }
}

/// An independent witness check, straight from the definitions: a permutation of the right
/// operations (all but fail and info reads; info writes optional), respecting precedes, every read
/// returning its latest write (cas taking effect only from its expected value).
enum WitnessValidator {
    static func isValid(_ order: [Int], for history: History) -> Bool {
        let byID = Dictionary(history.operations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard Set(order).count == order.count else { return false }
        var listed: [Operation] = []
        for id in order {
            guard let op = byID[id], op.status != .fail, !(op.status == .info && op.kind == .read) else { return false }
            listed.append(op)
        }
        let must = history.operations.filter { $0.status == .ok }
        guard must.allSatisfy({ op in order.contains(op.id) }) else { return false }
        for i in listed.indices { for j in listed.indices where j > i && listed[j].precedes(listed[i]) { return false } }
        var state = history.initial
        for op in listed {
            switch op.kind {
            case .read: if op.value != state { return false }
            case .write: state = op.value
            case .cas:
                if op.expected != state { return false }
                state = op.value
            }
        }
        return true
    }
}
