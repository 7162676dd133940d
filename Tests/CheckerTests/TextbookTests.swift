import Histories
import Testing
@testable import Checker

/// Small histories with a known answer, named by what they show.
@Suite struct TextbookTests {
    static func op(
        _ id: Int, _ process: String, _ kind: Operation.Kind, _ value: Int64, _ invoke: Int64, _ complete: Int64?,
        _ status: Operation.Status = .ok, expected: Int64? = nil
    ) -> Operation {
        Operation(
            id: id, process: .string(process), register: History.defaultRegister, kind: kind, value: .int(value),
            expected: expected.map { .int($0) }, invoke: invoke, complete: status == .info ? nil : complete, status: status)
    }

    static func check(_ ops: [Operation], initial: Value = .int(0), model: History.Model = .register) -> RegisterVerdict? {
        Checker.check(History(model: model, initial: initial, operations: ops), options: CheckOptions(parallel: false)).registers.first
    }

    @Test func newOldInversionIsRegularNotAtomic() throws {
        // write 2 is slow; read 1 sees it, then read 5 (after read 1) sees the old 1.
        let v = try #require(Self.check([
            Self.op(0, "p1", .write, 1, 0, 1),
            Self.op(2, "p1", .write, 2, 2, 20),
            Self.op(1, "p2", .read, 2, 3, 4),
            Self.op(5, "p3", .read, 1, 6, 7),
        ]))
        #expect(v.consistency == .regular)
        #expect(v.atomic == false && v.regular == true && v.safe == true)
        let violation = try #require(v.violations.first)
        #expect(violation.level == .atomic && violation.rule == .newOldInversion)
        #expect(violation.operations == [0, 1, 2, 5])
        #expect(violation.message == "read 5 (p3) returned 1 after read 1 (p2) had returned 2; read 1 completed before read 5 began")
    }

    @Test func flickerDuringAWriteIsSafeNotRegular() throws {
        let v = try #require(Self.check([
            Self.op(0, "p1", .write, 1, 0, 10),
            Self.op(1, "p2", .read, 7, 2, 3), // never written, but concurrent with the write
            Self.op(2, "p2", .read, 1, 12, 13),
        ]))
        #expect(v.consistency == .safe)
        #expect(v.atomic == false && v.regular == false && v.safe == true)
        #expect(v.violations.map(\.rule) == [.readFromNowhere, .readFromNowhere])
        #expect(v.violations.map(\.operations) == [[1], [1]])
    }

    @Test func staleReadAfterACompletedWriteIsNotSafe() throws {
        let v = try #require(Self.check([
            Self.op(0, "p1", .write, 1, 0, 1),
            Self.op(1, "p2", .read, 0, 2, 3),
        ]))
        #expect(v.consistency == Consistency.none)
        #expect(v.violations.count == 3)
        let violation = try #require(v.violations.last)
        #expect(violation.level == .safe && violation.rule == .staleRead && violation.operations == [0, 1])
        #expect(violation.message == "read 1 (p2) returned 0, but the initial value 0 had been overwritten by write 0 (p1) with 1 before read 1 began")
    }

    @Test func aCrashedWriteReadLaterIsAtomic() throws {
        let v = try #require(Self.check([
            Self.op(0, "p1", .write, 1, 0, nil, .info),
            Self.op(1, "p2", .read, 0, 5, 6),
            Self.op(2, "p2", .read, 1, 100, 101),
            Self.op(3, "p3", .write, 2, 1, nil, .info), // never read: dropped from the witness
        ]))
        #expect(v.consistency == .atomic)
        #expect(v.linearization == [1, 0, 2])
    }

    @Test func equalTimestampsAreConcurrent() throws {
        // The read begins exactly when the write completes: concurrent, so it may see either value.
        let old = try #require(Self.check([Self.op(0, "p1", .write, 1, 0, 5), Self.op(1, "p2", .read, 0, 5, 6)]))
        #expect(old.consistency == .atomic)
        #expect(old.linearization == [1, 0])
        // One tick later it must see the write.
        let late = try #require(Self.check([Self.op(0, "p1", .write, 1, 0, 5), Self.op(1, "p2", .read, 0, 6, 7)]))
        #expect(late.consistency == Consistency.none)
    }

    @Test func readBeforeItsWriteIsExplained() throws {
        let v = try #require(Self.check([Self.op(0, "p1", .read, 3, 0, 1), Self.op(1, "p2", .write, 3, 2, 3)]))
        #expect(v.atomic == false)
        let violation = try #require(v.violations.first)
        #expect(violation.rule == .readBeforeWrite && violation.operations == [0, 1])
        #expect(violation.message == "read 0 (p1) returned 3, but write 1 (p2) wrote it only after read 0 completed")
    }

    @Test func failedOperationsAreIgnored() throws {
        let v = try #require(Self.check([
            Self.op(0, "p1", .write, 1, 0, 1, .fail),
            Self.op(1, "p2", .read, 0, 2, 3),
            Self.op(2, "p2", .read, 1, 4, 5, .info),
        ]))
        #expect(v.consistency == .atomic && v.linearization == [1] && v.operations == 3)
    }

    @Test func registersAreCheckedSeparatelyAndTheWeakestWins() {
        var a = Self.op(0, "p1", .write, 1, 0, 1)
        a.register = .int(0)
        var b = Self.op(1, "p2", .read, 1, 2, 3)
        b.register = .int(1) // register 1 never had 1 written
        let verdict = Checker.check(History(initial: .int(0), operations: [a, b]))
        #expect(verdict.registers.map(\.register) == [.int(0), .int(1)])
        #expect(verdict.registers.map(\.consistency) == [.atomic, Consistency.none])
        #expect(verdict.consistency == Consistency.none)
    }

    @Test func anExhaustedBudgetIsUnknownNotAHang() {
        // Many concurrent writes of repeated values and a read nobody can satisfy early: the search
        // has to work, and a state cap of 10 stops it.
        var ops: [Operation] = (0..<14).map { Self.op($0, "p\($0)", .write, Int64($0 % 3), 0, 100) }
        ops.append(Self.op(14, "r", .read, 5, 200, 201))
        ops.append(Self.op(15, "r", .read, 1, 202, 203))
        var options = CheckOptions(maxStates: 10, parallel: false)
        let verdict = Checker.check(History(initial: .int(0), operations: ops.filter { $0.id != 14 }), options: options)
        #expect(verdict.consistency == .unknown)
        #expect(verdict.registers.first?.unknownReason?.contains("state budget") == true)
        // A deadline already passed, on an injected clock.
        options = CheckOptions(now: { 1_000 }, deadline: 1_000, parallel: false)
        let late = Checker.check(History(initial: .int(0), operations: ops.filter { $0.id != 14 }), options: options)
        #expect(late.consistency == .atomic || late.consistency == .unknown)
        let cancelled = Checker.check(
            History(initial: .int(0), operations: ops.filter { $0.id != 14 }),
            options: CheckOptions(isCancelled: { true }, parallel: false))
        #expect(cancelled.consistency == .atomic || cancelled.consistency == .unknown)
    }
}
