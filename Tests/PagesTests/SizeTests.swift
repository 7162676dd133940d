import Histories
import Pages
import Testing

/// Big histories are cut into pages of bounded size.
@Suite struct SizeTests {
    /// 10,000 operations by 40 processes on 4 registers, each process sequential, times spread so
    /// that many operations overlap. Deterministic: no random numbers.
    static let big: History = {
        var operations: [Operation] = []
        var clock = [Int64](repeating: 0, count: 40)
        for id in 0..<10_000 {
            let process = id % 40
            let start = clock[process] + Int64(id * 7919 % 13)
            let end = start + 5 + Int64(id * 104_729 % 50)
            clock[process] = end + 1
            let status: Operation.Status = id % 97 == 0 ? .info : (id % 89 == 0 ? .fail : .ok)
            operations.append(Operation(
                id: id, process: .string("process-\(process)"), register: .int(id % 4),
                kind: id % 3 == 0 ? .write : .read, value: .string("value-\(id % 500)"),
                invoke: start, complete: status == .info ? nil : end, status: status))
        }
        return History(name: "ten thousand", operations: operations)
    }()

    static let verdict = TimelineVerdict(registers: (0..<4).map { register in
        let ids = big.operations.filter { $0.register == .int(register) && $0.status == .ok }
            .sorted { ($0.complete ?? 0, $0.id) < ($1.complete ?? 0, $1.id) }.map(\.id)
        return register == 3
            ? .init(register: .int(3), consistency: .notSafe, violations: [
                .init(level: "safe", rule: "stale-read", message: "read returned a value never written", operations: [3, 9_999]),
            ])
            : .init(register: .int(register), consistency: .atomic, linearization: ids)
    })

    @Test func tenThousandOperationsMakeTwentyPagesEachUnderAMegabyte() {
        #expect(TimelineLayout.pageCount(operations: Self.big.operations.count) == 20)
        for page in [1, 11, 20] {
            let layout = TimelineLayout(history: Self.big, verdict: Self.verdict, page: page)
            #expect(layout.pageCount == 20)
            #expect(layout.operationRange.count == 500)
            #expect(layout.registers.map { $0.bars.count }.reduce(0, +) == 500)
            let html = TimelinePage.render(layout)
            #expect(html.utf8.count < 1_000_000, "page \(page): \(html.utf8.count) bytes")
            // Each page's operations are anchored once; the others are not on it.
            #expect(html.components(separatedBy: "<tr id=\"op-").count - 1 == 500)
        }
    }

    @Test func aViolationLinksToTheOtherPageOfItsOperation() throws {
        let layout = TimelineLayout(history: Self.big, verdict: Self.verdict, page: 1)
        let html = TimelinePage.render(layout) { "?page=\($0)" }
        #expect(html.contains("<a href=\"#op-3\">op 3</a>"))
        // Pages follow invocation order, not ids: find op 9999's page, and check that it is there.
        let target = try #require(layout.registers[3].violations.first?.operations.last?.page)
        #expect(target > 1)
        #expect(html.contains("<a href=\"?page=\(target)#op-9999\">op 9999</a>"))
        let other = TimelinePage.render(TimelineLayout(history: Self.big, verdict: Self.verdict, page: target))
        #expect(other.contains("<tr id=\"op-9999\""))
        #expect(html.contains("<a href=\"#violation-1\">First violation</a>"))
    }
}
