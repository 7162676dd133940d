import Histories
@testable import Checker

/// Re-checks a counterexample with the oracle: its operations violate the level on their own, and
/// removing any one of them makes the level hold. A read whose value only operations outside the set
/// wrote is left out of the set's history (see `Violation`), and so is a cas whose expected value
/// only operations outside the set wrote (a cas reads that value).
enum CounterexampleValidator {
    static func subHistory(_ history: History, ids: Set<Int>) -> History {
        let all = history.operations.filter { $0.status != .fail }
        let writtenAnywhere = Set(all.filter { $0.kind != .read }.map(\.value))
        let chosen = all.filter { ids.contains($0.id) }
        let writtenHere = Set(chosen.filter { $0.kind != .read }.map(\.value))
        let kept = chosen.filter { op in
            let observed: Value
            switch op.kind {
            case .read: observed = op.value
            case .cas: observed = op.expected ?? .null
            case .write: return true
            }
            return observed == history.initial || writtenHere.contains(observed) || !writtenAnywhere.contains(observed)
        }
        return History(model: history.model, initial: history.initial, operations: kept)
    }

    /// nil when valid, else what is wrong.
    static func problem(_ violation: Violation, in history: History) -> String? {
        let ids = Set(violation.operations)
        guard ids.count == violation.operations.count, !ids.isEmpty else { return "empty or repeated ids" }
        if Oracle.holds(subHistory(history, ids: ids), level: violation.level) {
            return "the set \(violation.operations) does not violate \(violation.level)"
        }
        for id in ids {
            var smaller = ids
            smaller.remove(id)
            if !Oracle.holds(subHistory(history, ids: smaller), level: violation.level) {
                return "not minimal: \(violation.operations) without \(id) still violates \(violation.level)"
            }
        }
        if !violation.minimal { return "marked not minimal" }
        if violation.message.isEmpty { return "no message" }
        return nil
    }
}
