import Histories
import JSON
import Testing
@testable import Storage

/// Values go through SQLite as (type, text) and must come back exactly, literal included.
@Suite struct ValueRoundTripTests {
    static let values: [Value] = [
        .null, .bool(true), .bool(false),
        number("1"), number("1.0"), number("10e-1"), number("-0"), number("0"),
        number("123456789012345678901234567890"), number("-9223372036854775809"), number("3.14159265358979323846264338327950288"),
        number("1E+400"),
        .string("1"), .string("true"), .string("null"), .string(""), .string("héllo 🧪 世界"), .string("nul\u{0}inside"),
    ]

    /// Equal as stored: same case and, for numbers, the same literal (JSON equality would call 1 and 1.0 equal).
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x.literal == y.literal
        default: return a == b
        }
    }

    @Test(arguments: values)
    func columnsRoundTrip(value: Value) throws {
        let (type, text) = Columns.encode(value)
        let back = try Columns.decodeValue(type: type.description, text: text, sql: "")
        #expect(Self.identical(back, value))
    }

    @Test func registerValuesAndOperationsRoundTripThroughTheDatabase() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let values = Self.values
        try storage.createArray(array("values", size: values.count))
        var entries: [JournalEntry] = []
        for (index, value) in values.enumerated() {
            entries.append(.registerValue(array: "values", index: index, value: value))
            entries.append(.record(array: "values", operation: write(index, register: index, value: value, invoke: 1, complete: 2)))
        }
        try submitAndWait(storage, entries).get()

        let registers = try storage.registerValues(array: "values")
        let operations = try storage.operations(array: "values", after: nil, limit: 100)
        #expect(operations.count == values.count)
        for (index, value) in values.enumerated() {
            #expect(registers[index].map { Self.identical($0, value) } == true, "register \(index): \(value)")
            #expect(Self.identical(operations[index].value, value), "operation \(index): \(value)")
        }
        // 1, "1", true and 1.0 are four different stored values.
        #expect(registers[3] != registers[11])
        #expect(registers[1] != registers[3])
    }

    @Test func casExpectedValuesAndStringProcessesRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("cas"))
        let cas = Histories.Operation(
            id: 0, process: .string("client-α"), register: .int(2), kind: .cas, value: number("2.50"),
            expected: .string("2.5"), invoke: -5, complete: 7, status: .fail)
        let numbered = Histories.Operation(
            id: 1, process: .int(-3), register: .int(3), kind: .cas, value: .null, expected: .null,
            invoke: 8, complete: nil, status: .info)
        try submitAndWait(storage, [.record(array: "cas", operation: cas), .record(array: "cas", operation: numbered)]).get()
        let stored = try storage.operations(array: "cas", after: nil, limit: 10)
        #expect(stored == [cas, numbered])
        if case let .number(n) = stored[0].value { #expect(n.literal == "2.50") } else { Issue.record("not a number") }
    }
}
