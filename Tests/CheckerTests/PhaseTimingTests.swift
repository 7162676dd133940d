import Dispatch
import Foundation
import Histories
import Testing
@testable import Checker

@Suite struct PhaseTimingTests {
    @Test func phases() {
        guard PerformanceTests.perf else { return }
        let history = PerformanceTests.linearizableHistory(operations: 1_000_000, processes: 32, seed: 1)
        var registers: [RegisterHistory] = []
        print("split", PerformanceTests.seconds { registers = RegisterHistory.split(history) })
        let r = registers[0]
        print("distinct", PerformanceTests.seconds { _ = r.hasDistinctWrites })
        print("kept regular", PerformanceTests.seconds { _ = LevelReduction.kept(r, level: .regular) })
        print("kept safe", PerformanceTests.seconds { _ = LevelReduction.kept(r, level: .safe) })
        print("ranks", PerformanceTests.seconds { _ = Ranks(r.ops) })
        var outcome: Zones.Outcome?
        print("zones", PerformanceTests.seconds { outcome = Zones.check(r) })
        if case let .atomic(order)? = outcome {
            print("witness check", PerformanceTests.seconds { _ = WitnessCheck.isValid(order, in: r) })
        }
        print("checker", PerformanceTests.seconds { _ = Checker.check(history) })
    }
}
