import Histories
import Testing
@testable import Checker

/// The random histories of `AgreementTests` are only worth something if they reach every case.
@Suite struct GeneratorCoverageTests {
    @Test func randomHistoriesReachEveryClassAndRule() {
        var classes: [Consistency: Int] = [:]
        var rules: [Rule: Int] = [:]
        var distinct = 0
        var cas = 0
        for seed in 0..<2_000 {
            let history = RandomHistories.make(seed: UInt64(seed))
            let verdict = Checker.check(history, options: CheckOptions(parallel: false))
            classes[verdict.consistency, default: 0] += 1
            for violation in verdict.registers.flatMap(\.violations) { rules[violation.rule, default: 0] += 1 }
            if RegisterHistory.split(history)[0].hasDistinctWrites { distinct += 1 }
            if history.model == .casRegister { cas += 1 }
        }
        print("classes \(classes) rules \(rules) distinct \(distinct) cas \(cas)")
        for c in [Consistency.atomic, .safe, .none] { #expect(classes[c, default: 0] >= 100, "\(c)") }
        // Regular-but-not-atomic needs a new-old inversion: rarer, but about 1% of the histories.
        #expect(classes[.regular, default: 0] >= 15)
        for r in [Rule.readFromNowhere, .readBeforeWrite, .staleRead, .newOldInversion, .noLinearization] {
            #expect(rules[r, default: 0] >= 10, "\(r)")
        }
        #expect(distinct >= 400)
        #expect(cas >= 200)
    }
}
