import Histories

extension TimelineLayout {
    /// Operations per page unless the caller says otherwise: small enough for a page well under a
    /// megabyte, big enough to see a pattern.
    public static let defaultPageSize = 500

    /// How many pages `operations` operations take at `pageSize` per page (at least 1).
    public static func pageCount(operations: Int, pageSize: Int = defaultPageSize) -> Int {
        let size = max(1, pageSize)
        return max(1, (operations + size - 1) / size)
    }

    /// Lays out one page of `history` with its verdict (nil while there is none: every register
    /// `pending`).
    ///
    /// - Parameters:
    ///   - page: 1-based; clamped to `1...pageCount`, so a caller that wants a 404 for a page out of
    ///     range checks `pageCount(operations:pageSize:)` first.
    ///   - pageSize: operations per page; values below 1 count as 1.
    public init(history: History, verdict: TimelineVerdict?, page: Int = 1, pageSize: Int = defaultPageSize) {
        let size = max(1, pageSize)
        let sorted = history.operations.sorted { ($0.invoke, $0.id) < ($1.invoke, $1.id) }
        let pageCount = Self.pageCount(operations: sorted.count, pageSize: size)
        let page = min(max(1, page), pageCount)
        let range = min(sorted.count, (page - 1) * size)..<min(sorted.count, page * size)

        var pageOfOperation: [Int: Int] = [:]
        pageOfOperation.reserveCapacity(sorted.count)
        for (position, operation) in sorted.enumerated() {
            pageOfOperation[operation.id] = position / size + 1
        }

        var verdicts: [Label: TimelineVerdict.Register] = [:]
        for entry in verdict?.registers ?? [] where verdicts[entry.register] == nil {
            verdicts[entry.register] = entry
        }
        let onPage = Dictionary(grouping: sorted[range], by: \.register)
        var labels = Set(history.operations.map(\.register))
        labels.formUnion(verdicts.keys)

        var sections: [RegisterSection] = []
        var violationCount = 0
        for (index, label) in labels.sorted().enumerated() {
            let section = RegisterSection(
                register: label, anchor: "register-\(index)", operations: onPage[label] ?? [],
                verdict: verdicts[label], isChecked: verdict != nil,
                firstViolationNumber: violationCount + 1, pageOfOperation: pageOfOperation)
            violationCount += section.violations.count
            sections.append(section)
        }

        self.init(
            name: history.name, page: page, pageCount: pageCount, operationCount: sorted.count,
            operationRange: range,
            consistency: verdict == nil ? .pending : Badge.weakest(sections.map(\.consistency)),
            navigation: Self.navigation(page: page, pageCount: pageCount),
            violationCount: violationCount, registers: sections)
    }

    /// Every page when there are few; otherwise the first, the last, and two either side of the
    /// current one, with gaps between, so the list stays short for a history of a million operations.
    static func navigation(page: Int, pageCount: Int) -> [PageLink] {
        guard pageCount > 1 else { return [] }
        let shown = (1...pageCount).filter { $0 == 1 || $0 == pageCount || abs($0 - page) <= 2 || pageCount <= 9 }
        var links: [PageLink] = []
        var previous = 0
        for number in shown {
            if number > previous + 1 { links.append(.gap) }
            links.append(.page(number, current: number == page))
            previous = number
        }
        return links
    }
}

extension TimelineLayout.RegisterSection {
    /// Lays out one register: `operations` are this page's operations on it, in (invoke, id) order.
    init(
        register: Label, anchor: String, operations: [Operation], verdict: TimelineVerdict.Register?,
        isChecked: Bool, firstViolationNumber: Int, pageOfOperation: [Int: Int]
    ) {
        // Compressed time: each distinct event time gets the next rank.
        var times = Set<Int64>()
        for operation in operations {
            times.insert(operation.invoke)
            if let complete = operation.complete { times.insert(complete) }
        }
        var rankOf: [Int64: Int] = [:]
        for (rank, time) in times.sorted().enumerated() { rankOf[time] = rank }
        let columns = times.count
        func span(_ operation: Operation) -> (x0: Int, x1: Int) {
            // Every time was ranked just above, so the lookups cannot miss; 0 keeps the type honest.
            let x0 = rankOf[operation.invoke] ?? 0
            let x1 = operation.complete.map { rankOf[$0] ?? x0 } ?? columns
            return (x0, x1)
        }

        // Violations, numbered from `firstViolationNumber`.
        var violationsOf: [Int: [Int]] = [:]
        var violations: [TimelineLayout.ViolationItem] = []
        for (offset, violation) in (verdict?.violations ?? []).enumerated() {
            let number = firstViolationNumber + offset
            for id in violation.operations { violationsOf[id, default: []].append(number) }
            violations.append(.init(
                number: number, level: violation.level, rule: violation.rule, message: violation.message,
                operations: violation.operations.map { .init(id: $0, page: pageOfOperation[$0]) }))
        }

        // Lanes, each packed into as few rows as keep its bars apart.
        let processes = Set(operations.map(\.process)).sorted()
        var laneOf: [Label: Int] = [:]
        for (index, process) in processes.enumerated() { laneOf[process] = index }
        var rowEnds: [[Int]] = Array(repeating: [], count: processes.count)
        var subRow: [Int] = []
        for operation in operations {
            let lane = laneOf[operation.process] ?? 0
            let (x0, x1) = span(operation)
            if let free = rowEnds[lane].firstIndex(where: { $0 < x0 }) {
                rowEnds[lane][free] = x1
                subRow.append(free)
            } else {
                rowEnds[lane].append(x1)
                subRow.append(rowEnds[lane].count - 1)
            }
        }
        var lanes: [TimelineLayout.Lane] = []
        var nextRow = 0
        for (index, process) in processes.enumerated() {
            let rows = max(1, rowEnds[index].count)
            lanes.append(.init(process: process, firstRow: nextRow, rows: rows))
            nextRow += rows
        }

        let witness = verdict?.linearization
        var orderOf: [Int: Int] = [:]
        for (position, id) in (witness ?? []).enumerated() where orderOf[id] == nil { orderOf[id] = position + 1 }

        var bars: [TimelineLayout.Bar] = []
        var rows: [TimelineLayout.OperationRow] = []
        for (index, operation) in operations.enumerated() {
            let lane = laneOf[operation.process] ?? 0
            let (x0, x1) = span(operation)
            bars.append(.init(
                operation: operation.id, lane: lane, row: lanes[lane].firstRow + subRow[index], x0: x0, x1: x1,
                label: OperationText.label(operation), title: OperationText.title(operation),
                kind: operation.kind, status: operation.status, violations: violationsOf[operation.id] ?? []))
            rows.append(.init(
                id: operation.id, process: operation.process, register: operation.register, kind: operation.kind,
                value: OperationText.value(operation), invoke: operation.invoke, complete: operation.complete,
                status: operation.status, order: orderOf[operation.id], violations: violationsOf[operation.id] ?? []))
        }

        // Linearization points: the running maximum of invocation ranks, in witness order.
        var marks: [TimelineLayout.Mark] = []
        var entries: [TimelineLayout.LinearizationEntry] = []
        var barOf: [Int: Int] = [:]
        for (index, bar) in bars.enumerated() { barOf[bar.operation] = index }
        var point = 0
        for (position, id) in (witness ?? []).enumerated() {
            guard let index = barOf[id] else { continue }
            point = max(point, bars[index].x0)
            marks.append(.init(operation: id, order: position + 1, x: point, row: bars[index].row))
            entries.append(.init(order: position + 1, operation: id, summary: OperationText.summary(operations[index])))
        }

        self.init(
            register: register, anchor: anchor,
            consistency: verdict?.consistency ?? .pending,
            note: verdict?.note ?? (isChecked && verdict == nil ? "the verdict names no such register" : nil),
            lanes: lanes, columns: columns, bars: bars, marks: marks, violations: violations,
            linearization: entries, linearizationLength: witness?.count, operations: rows)
    }
}
