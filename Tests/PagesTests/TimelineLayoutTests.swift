import Histories
@testable import Pages
import Testing

/// The layout is data: these tests compare it whole, or section by section, with what a person
/// would draw by hand.
@Suite struct TimelineLayoutTests {
    typealias Layout = TimelineLayout

    @Test func overlappingWritesGetRanksLanesAndLinearizationPoints() {
        let layout = Layout(history: Fixtures.overlapping, verdict: Fixtures.overlappingVerdict)
        let expected = Layout(
            name: "overlapping", page: 1, pageCount: 1, operationCount: 3, operationRange: 0..<3,
            consistency: .atomic, navigation: [], violationCount: 0,
            registers: [
                .init(
                    register: .string("x"), anchor: "register-0", consistency: .atomic, note: nil,
                    lanes: [
                        .init(process: .string("p1"), firstRow: 0, rows: 1),
                        .init(process: .string("p2"), firstRow: 1, rows: 1),
                        .init(process: .string("p3"), firstRow: 2, rows: 1),
                    ],
                    columns: 6,
                    bars: [
                        .init(operation: 0, lane: 0, row: 0, x0: 0, x1: 3, label: "w 1", title: "op 0 · p1 · write 1 · ok",
                              kind: .write, status: .ok, violations: []),
                        .init(operation: 1, lane: 1, row: 1, x0: 1, x1: 2, label: "w 2", title: "op 1 · p2 · write 2 · ok",
                              kind: .write, status: .ok, violations: []),
                        .init(operation: 2, lane: 2, row: 2, x0: 4, x1: 5, label: "r 1", title: "op 2 · p3 · read 1 · ok",
                              kind: .read, status: .ok, violations: []),
                    ],
                    // Witness 1, 0, 2: op 0's point cannot come before op 1's, which starts at rank 1.
                    marks: [
                        .init(operation: 1, order: 1, x: 1, row: 1),
                        .init(operation: 0, order: 2, x: 1, row: 0),
                        .init(operation: 2, order: 3, x: 4, row: 2),
                    ],
                    violations: [],
                    linearization: [
                        .init(order: 1, operation: 1, summary: "p2 w 2"),
                        .init(order: 2, operation: 0, summary: "p1 w 1"),
                        .init(order: 3, operation: 2, summary: "p3 r 1"),
                    ],
                    linearizationLength: 3,
                    operations: [
                        .init(id: 0, process: .string("p1"), register: .string("x"), kind: .write, value: "1",
                              invoke: 10, complete: 40, status: .ok, order: 2, violations: []),
                        .init(id: 1, process: .string("p2"), register: .string("x"), kind: .write, value: "2",
                              invoke: 20, complete: 30, status: .ok, order: 1, violations: []),
                        .init(id: 2, process: .string("p3"), register: .string("x"), kind: .read, value: "1",
                              invoke: 50, complete: 60, status: .ok, order: 3, violations: []),
                    ]),
            ])
        #expect(layout == expected)
    }

    @Test func equalTimesShareARankSoTiedOperationsStillOverlap() {
        let history = History(operations: [
            Fixtures.op(0, "p1", .write, 1, 10, 20),
            Fixtures.op(1, "p2", .read, 1, 20, 30),   // invoked when op 0 completes: concurrent
            Fixtures.op(2, "p3", .read, 1, 20, 20),   // instantaneous
            Fixtures.op(3, "p1", .read, 1, 1_000_000, 1_000_001),  // a long quiet gap squeezed out
        ])
        let section = Layout(history: history, verdict: nil).registers[0]
        #expect(section.columns == 5)
        #expect(section.bars.map { [$0.x0, $0.x1] } == [[0, 1], [1, 2], [1, 1], [3, 4]])
        #expect(section.bars.map(\.row) == [0, 1, 2, 0])
        #expect(section.consistency == .pending)
        #expect(section.marks.isEmpty)
    }

    @Test func infoRunsToTheEndAndALaterOperationOfItsProcessTakesASecondRow() {
        let history = History(operations: [
            Fixtures.op(0, "p1", .write, 1, 0, nil),
            Fixtures.op(1, "p2", .read, 1, 5, 8),
            Fixtures.op(2, "p1", .read, 1, 10, 20),
        ])
        let section = Layout(history: history, verdict: nil).registers[0]
        #expect(section.columns == 5)
        #expect(section.lanes == [
            .init(process: .string("p1"), firstRow: 0, rows: 2),
            .init(process: .string("p2"), firstRow: 2, rows: 1),
        ])
        #expect(section.bars.map { [$0.lane, $0.row, $0.x0, $0.x1] } == [[0, 0, 0, 5], [1, 2, 1, 2], [0, 1, 3, 4]])
        #expect(section.bars[0].status == .info)
        #expect(section.bars[0].label == "w 1 info")
        #expect(section.bars[0].title.contains("info"))
    }

    @Test func failedAndCasOperationsAreLabelledWithTheirWords() {
        let history = History(model: .casRegister, operations: [
            Fixtures.op(0, "p1", .cas, 2, 0, 10, expected: 1),
            Fixtures.op(1, "p2", .write, 5, 2, 4, status: .fail),
        ])
        let section = Layout(history: history, verdict: nil).registers[0]
        #expect(section.bars.map(\.label) == ["c 1→2", "w 5 fail"])
        #expect(section.bars.map(\.status) == [.ok, .fail])
        #expect(section.bars[1].title.contains("fail"))
        #expect(section.operations.map(\.value) == ["1→2", "5"])
        #expect(section.bars.map { [$0.x0, $0.x1] } == [[0, 3], [1, 2]])
    }

    @Test func severalRegistersAreNumberedAndTheirViolationsCountedAcrossThePage() {
        var verdict = Fixtures.inversionVerdict
        verdict.registers[1] = .init(register: .string("y"), consistency: .notSafe, violations: [
            .init(level: "safe", rule: "r1", message: "m1", operations: [6]),
            .init(level: "regular", rule: "r2", message: "m2", operations: [6, 99]),
        ])
        let layout = Layout(history: Fixtures.inversion, verdict: verdict)
        #expect(layout.registers.map(\.register) == [.string("x"), .string("y")])
        #expect(layout.registers.map(\.anchor) == ["register-0", "register-1"])
        #expect(layout.consistency == .notSafe)
        #expect(layout.violationCount == 3)
        #expect(layout.registers[0].violations.map(\.number) == [1])
        #expect(layout.registers[1].violations.map(\.number) == [2, 3])
        // An id the history lacks gets no page, so no dead link.
        #expect(layout.registers[1].violations[1].operations == [.init(id: 6, page: 1), .init(id: 99, page: nil)])
        let y = layout.registers[1]
        #expect(y.bars.first { $0.operation == 6 }?.violations == [2, 3])
        #expect(y.operations.map(\.id) == [4, 5, 6])
        #expect(layout.registers[0].bars.filter { !$0.violations.isEmpty }.map(\.operation) == [2, 3])
    }

    @Test func aRegisterOnlyTheVerdictNamesStillGetsASection() {
        var verdict = Fixtures.overlappingVerdict
        verdict.registers.append(.init(register: .int(3), consistency: .unknown, note: "budget exhausted"))
        let layout = Layout(history: Fixtures.overlapping, verdict: verdict)
        // Integer labels sort before strings.
        #expect(layout.registers.map(\.register) == [.int(3), .string("x")])
        #expect(layout.registers[0].bars.isEmpty)
        #expect(layout.registers[0].note == "budget exhausted")
        #expect(layout.consistency == .unknown)
    }

    @Test func pagesCutTheHistoryInInvocationOrderAndCoverOnlyTheirOperations() {
        let layout = Layout(history: Fixtures.inversion, verdict: Fixtures.inversionVerdict, page: 2, pageSize: 3)
        // (invoke, id) order: 0, 4, 5 | 1, 2, 3 | 6
        #expect(layout.pageCount == 3)
        #expect(layout.operationRange == 3..<6)
        #expect(layout.navigation == [.page(1, current: false), .page(2, current: true), .page(3, current: false)])
        let x = layout.registers[0]
        #expect(x.bars.map(\.operation) == [1, 2, 3])
        #expect(x.columns == 6)
        #expect(x.bars.map { [$0.x0, $0.x1] } == [[0, 5], [1, 2], [3, 4]])
        // The violation and the witness still cover the whole history; links point at the right page.
        #expect(x.violations[0].operations == [.init(id: 2, page: 2), .init(id: 3, page: 2)])
        let y = layout.registers[1]
        #expect(y.bars.isEmpty)
        #expect(y.linearization.isEmpty)
        #expect(y.linearizationLength == 2)

        let last = Layout(history: Fixtures.inversion, verdict: Fixtures.inversionVerdict, page: 99, pageSize: 3)
        #expect(last.page == 3)
        #expect(last.registers[1].marks == [.init(operation: 6, order: 2, x: 0, row: 0)])
        #expect(last.registers[1].linearization == [.init(order: 2, operation: 6, summary: "p1 r 7")])
    }

    @Test func navigationListsEveryPageWhenFewAndElidesWhenMany() {
        #expect(Layout.navigation(page: 1, pageCount: 1) == [])
        #expect(Layout.navigation(page: 10, pageCount: 20) == [
            .page(1, current: false), .gap, .page(8, current: false), .page(9, current: false),
            .page(10, current: true), .page(11, current: false), .page(12, current: false), .gap,
            .page(20, current: false),
        ])
        #expect(Layout.navigation(page: 2, pageCount: 9).count == 9)
        #expect(Layout.pageCount(operations: 0) == 1)
        #expect(Layout.pageCount(operations: 1000, pageSize: 500) == 2)
        #expect(Layout.pageCount(operations: 1001, pageSize: 500) == 3)
    }

    @Test func linearizationPointsStayInsideTheirBarsAndInWitnessOrder() {
        // Staggered overlapping operations; the witness is a valid order by invocation.
        var operations: [Operation] = []
        for i in 0..<40 {
            let start = Int64(i * 7 % 50 + i * 3)
            operations.append(Fixtures.op(i, "p\(i % 5)", i % 3 == 0 ? .write : .read, Int64(i), start, start + Int64(5 + i % 9)))
        }
        let witness = operations.sorted { ($0.complete ?? 0, $0.id) < ($1.complete ?? 0, $1.id) }.map(\.id)
        let verdict = TimelineVerdict(registers: [.init(register: .string("x"), consistency: .atomic, linearization: witness)])
        let section = Layout(history: History(operations: operations), verdict: verdict).registers[0]
        #expect(section.marks.map(\.operation) == witness)
        #expect(section.marks.map(\.x) == section.marks.map(\.x).sorted())
        for mark in section.marks {
            let bar = section.bars.first { $0.operation == mark.operation }
            #expect(bar.map { $0.x0 <= mark.x && mark.x <= $0.x1 && $0.row == mark.row } == true, "op \(mark.operation)")
        }
    }
}
