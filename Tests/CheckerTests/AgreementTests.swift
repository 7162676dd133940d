import Histories
import Testing
@testable import Checker

/// The fast path (zones), the exact search, the full checker and the brute-force oracle agree on
/// 20,000 seeded random small histories, at all three levels; witnesses and counterexamples are
/// validated independently.
@Suite struct AgreementTests {
    static let batches = 20
    static let perBatch = 1_000

    @Test(arguments: 0..<batches)
    func fastPathSearchAndOracleAgree(batch: Int) {
        for k in 0..<Self.perBatch {
            let seed = UInt64(batch * Self.perBatch + k)
            for problem in Self.problems(seed: seed) {
                Issue.record("seed \(seed): \(problem)")
            }
        }
    }

    static func holds(_ outcome: LevelDecision.Outcome) -> Bool? {
        switch outcome {
        case .holds: return true
        case .fails: return false
        case .unknown: return nil
        }
    }

    /// Everything wrong with the checker on the history of `seed`.
    static func problems(seed: UInt64) -> [String] {
        let history = RandomHistories.make(seed: seed)
        var problems: [String] = []
        let levels: [Level] = history.model == .casRegister ? [.atomic] : Level.allCases
        let register = RegisterHistory.split(history)[0]
        let budget = Budget(options: CheckOptions())
        var expected: [Level: Bool] = [:]
        for level in levels {
            let truth = Oracle.holds(history, level: level)
            expected[level] = truth
            let search = LevelDecision.decide(register, level: level, budget: budget, path: .search)
            if holds(search) != truth { problems.append("search says \(String(describing: holds(search))) for \(level), oracle \(truth)") }
            if register.hasDistinctWrites {
                // Zones alone, without the production fallback to the search.
                let kept = LevelReduction.kept(register, level: level)
                let reduced = register.restricted(to: kept)
                let ids = { (local: [Int]) in local.map { history.operations[Int(reduced.ops[$0].source)].id } }
                switch Zones.check(reduced) {
                case let .atomic(order):
                    if !truth { problems.append("zones say \(level) holds, oracle not") }
                    if !WitnessCheck.isValid(order, in: reduced) { problems.append("invalid zones order \(ids(order)) for \(level)") }
                    if level == .atomic && !WitnessValidator.isValid(ids(order), for: history) {
                        problems.append("invalid zones witness \(ids(order))")
                    }
                case let .violated(seed):
                    if truth { problems.append("zones say \(level) fails, oracle holds") }
                    let sub = CounterexampleValidator.subHistory(history, ids: Set(ids(seed)))
                    if Oracle.holds(sub, level: level) { problems.append("zones seed \(ids(seed)) does not violate \(level)") }
                }
            }
            if level == .atomic, case let .holds(witness) = search {
                let ids = witness.map { history.operations[Int(register.ops[$0].source)].id }
                if !WitnessValidator.isValid(ids, for: history) { problems.append("invalid search witness \(ids)") }
            }
        }
        let verdict = Checker.check(history, options: CheckOptions(parallel: false))
        guard let reg = verdict.registers.first else { return problems + ["no register verdict"] }
        if reg.atomic != expected[.atomic] { problems.append("checker atomic \(String(describing: reg.atomic))") }
        if reg.regular != expected[.regular] { problems.append("checker regular \(String(describing: reg.regular))") }
        if reg.safe != expected[.safe] { problems.append("checker safe \(String(describing: reg.safe))") }
        if reg.atomic == true {
            if let order = reg.linearization {
                if !WitnessValidator.isValid(order, for: history) { problems.append("invalid checker witness \(order)") }
            } else {
                problems.append("atomic without a linearization")
            }
        }
        for level in levels where expected[level] == false {
            guard let violation = reg.violations.first(where: { $0.level == level }) else {
                problems.append("no violation for \(level)")
                continue
            }
            if let problem = CounterexampleValidator.problem(violation, in: history) {
                problems.append("\(level) counterexample: \(problem)")
            }
        }
        return problems
    }
}
