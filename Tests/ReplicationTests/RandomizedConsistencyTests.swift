import Checker
import Histories
import Testing
@testable import Replication

/// Seeded random runs in the simulator, each history judged by the checker.
///
/// Each semantics must keep its promise on every run, and the weaker two must be seen breaking the
/// next level up on some runs: `regular` with reads that are not atomic (new then old), `safe` with
/// torn reads that are not regular. A failing run names its seed; `RandomWorkload(semantics:seed:)`
/// replays it.
@Suite struct RandomizedConsistencyTests {
    static let runs: UInt64 = 200

    struct Tally: CustomStringConvertible {
        var runs = 0
        var operations = 0
        var timedOut = 0
        var notAtomic = 0
        var newOldInversions = 0
        var notRegular = 0
        var tornReads = 0
        var firstNotAtomic: UInt64?
        var firstNotRegular: UInt64?

        var description: String {
            "\(runs) runs, \(operations) operations (\(timedOut) timed out); not atomic: \(notAtomic) runs"
                + " (\(newOldInversions) named new-old-inversion by the checker, first seed \(firstNotAtomic.map(String.init) ?? "-")); "
                + "not regular: \(notRegular) runs (\(tornReads) torn reads, first seed \(firstNotRegular.map(String.init) ?? "-"))"
        }
    }

    /// Runs `runs` seeds of `semantics`, checks each history, and expects `promised` on every register.
    static func run(_ semantics: RegisterSemantics, promised: Level) -> Tally {
        var tally = Tally()
        for seed in 1...runs {
            let workload = RandomWorkload(semantics: semantics, seed: seed)
            let outcome = workload.run()
            let history = outcome.history()
            let verdict = Checker.check(history, options: CheckOptions(parallel: false))
            tally.runs += 1
            tally.operations += outcome.operations.count
            tally.timedOut += outcome.operations.filter { (try? $0.result.get()) == nil }.count
            for register in verdict.registers {
                let holds: Bool? = switch promised {
                case .atomic: register.atomic
                case .regular: register.regular
                case .safe: register.safe
                }
                #expect(holds == true, "seed \(seed): \(semantics) register \(register.register) is \(register.consistency): \(register.violations.map(\.message))")
            }
            if verdict.registers.contains(where: { $0.atomic == false }) {
                tally.notAtomic += 1
                tally.firstNotAtomic = tally.firstNotAtomic ?? seed
                if verdict.registers.contains(where: { $0.violations.contains { $0.level == .atomic && $0.rule == .newOldInversion } }) {
                    tally.newOldInversions += 1
                }
            }
            if verdict.registers.contains(where: { $0.regular == false }) {
                tally.notRegular += 1
                tally.firstNotRegular = tally.firstNotRegular ?? seed
            }
            tally.tornReads += history.operations.filter { isTorn($0, in: history) }.count
        }
        print("\(semantics): \(tally)")
        return tally
    }

    /// A read of a value that no write of its register wrote (and not the initial value).
    static func isTorn(_ read: Operation, in history: History) -> Bool {
        guard read.kind == .read, read.value != history.initial else { return false }
        return !history.operations.contains { $0.kind == .write && $0.register == read.register && $0.value == read.value }
    }

    @Test func atomicArraysGiveAtomicHistories() {
        let tally = Self.run(.atomic, promised: .atomic)
        #expect(tally.notAtomic == 0)
        #expect(tally.tornReads == 0)
    }

    @Test func regularArraysGiveRegularHistoriesAndSometimesNotAtomicOnes() {
        let tally = Self.run(.regular, promised: .regular)
        #expect(tally.tornReads == 0)
        #expect(tally.notAtomic >= 1, "no run showed a new-old inversion: \(tally)")
    }

    @Test func safeArraysGiveSafeHistoriesAndSometimesTornReads() {
        let tally = Self.run(.safe, promised: .safe)
        #expect(tally.notRegular >= 1, "no run showed a torn read: \(tally)")
        #expect(tally.tornReads >= 1)
    }
}
