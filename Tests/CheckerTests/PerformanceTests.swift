import TestSupport
import Dispatch
import Foundation
import Histories
import Testing
@testable import Checker

/// Large histories with distinct values. In the normal (debug) run a modest size keeps the suite
/// quick; `CHECKER_PERF=1 swift test -c release --filter PerformanceTests` runs the 10^6 sizes.
@Suite struct PerformanceTests {
    /// An atomic history: each operation takes effect at a random moment of its interval, reads
    /// return the value of the last write before that moment; written values are distinct.
    static func linearizableHistory(operations n: Int, processes: Int, seed: UInt64) -> History {
        var rng = SeededRandom(seed: seed)
        var ops: [(op: Histories.Operation, point: Int64)] = []
        ops.reserveCapacity(n)
        var clocks = (0..<processes).map { _ in Int64.random(in: 0..<1_000, using: &rng) }
        for id in 0..<n {
            let p = id % processes
            let invoke = clocks[p]
            let duration = Int64.random(in: 1...Int64(10 * processes), using: &rng)
            let point = invoke + Int64.random(in: 0...duration, using: &rng)
            let complete = invoke + duration
            clocks[p] = complete + Int64.random(in: 0...3, using: &rng)
            let kind: Histories.Operation.Kind = Bool.random(using: &rng) ? .read : .write
            ops.append((Histories.Operation(
                id: id, process: .int(p), register: History.defaultRegister, kind: kind, value: .null,
                invoke: invoke, complete: complete, status: .ok), point))
        }
        let order = ops.indices.sorted { (ops[$0].point, $0) < (ops[$1].point, $1) }
        var current: Value = .null
        var next: Int64 = 1
        for i in order {
            if ops[i].op.kind == .write {
                current = .int(next)
                next += 1
                ops[i].op.value = current
            } else {
                ops[i].op.value = current
            }
        }
        return History(initial: .null, operations: ops.map(\.op))
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static var perf: Bool { ProcessInfo.processInfo.environment["CHECKER_PERF"] == "1" }

    @Test func largeAtomicHistoriesScaleNearLinearly() {
        let sizes = Self.perf ? [250_000, 500_000, 1_000_000] : [20_000, 40_000]
        var times: [Double] = []
        for n in sizes {
            let history = Self.linearizableHistory(operations: n, processes: 32, seed: UInt64(n))
            var verdict: Verdict?
            let t = Self.seconds { verdict = Checker.check(history) }
            times.append(t)
            print("atomic n=\(n): \(t) s")
            #expect(verdict?.consistency == .atomic)
            #expect(verdict?.registers.first?.linearization?.count == n)
        }
        for k in times.indices.dropFirst() { print("doubling ratio \(times[k] / times[k - 1])") }
    }

    @Test func largeRegularHistoryIsDecidedWithAMinimalCounterexample() throws {
        let n = Self.perf ? 1_000_000 : 20_000
        var history = Self.linearizableHistory(operations: n, processes: 32, seed: 7)
        // A new-old inversion after everything else: a long write, a read of it, then a read of the old value.
        let t = (history.operations.compactMap(\.complete).max() ?? 0) + 1_000_000
        let base = n
        history.operations.append(Histories.Operation(id: base, process: .string("w"), register: History.defaultRegister, kind: .write, value: .string("old"), invoke: t - 400_000, complete: t - 300_000, status: .ok))
        history.operations.append(Histories.Operation(id: base + 1, process: .string("w"), register: History.defaultRegister, kind: .write, value: .string("new"), invoke: t - 200_000, complete: t + 10_000_000, status: .ok))
        history.operations.append(Histories.Operation(id: base + 2, process: .string("r1"), register: History.defaultRegister, kind: .read, value: .string("new"), invoke: t - 100_000, complete: t - 90_000, status: .ok))
        history.operations.append(Histories.Operation(id: base + 3, process: .string("r2"), register: History.defaultRegister, kind: .read, value: .string("old"), invoke: t - 80_000, complete: t - 70_000, status: .ok))
        var verdict: Verdict?
        let seconds = Self.seconds { verdict = Checker.check(history) }
        print("regular n=\(n): \(seconds) s")
        let reg = try #require(verdict?.registers.first)
        #expect(reg.atomic == false)
        #expect(reg.violations.first?.rule == .newOldInversion)
        #expect(reg.violations.first?.operations == [base, base + 1, base + 2, base + 3])
    }
}
