import Histories
import JSON
import Testing
@testable import Replication

/// How safe registers cut values in two, and what a torn read looks like.
@Suite struct TornValueTests {
    static let values: [Value] = [
        .null, .bool(true), .bool(false), .string(""), .string("a"), .string("abc"), .string("héllo wörld"),
        .int(0), .int(7), .int(-1), .int(Int64.max), .int(Int64.min), .int(1 << 40 + 3),
        .number(JSONNumber("1.5") ?? JSONNumber(0)), .number(JSONNumber("1e30") ?? JSONNumber(0)),
    ]

    @Test(arguments: values) func joiningTheHalvesGivesTheValueBack(value: Value) {
        let halves = RegisterSemantics.safe.split(value)
        #expect(halves.count == 2)
        #expect(RegisterSemantics.safe.join(halves) == value)
    }

    @Test func atomicAndRegularKeepValuesWhole() {
        #expect(RegisterSemantics.atomic.split(.string("abcd")) == [.string("abcd")])
        #expect(RegisterSemantics.regular.join([.int(3)]) == .int(3))
    }

    @Test func aTornStringIsTheFirstHalfOfOneWriteAndTheSecondOfAnother() {
        let old = RegisterSemantics.safe.split(.string("aaaa"))
        let new = RegisterSemantics.safe.split(.string("bbbb"))
        #expect(RegisterSemantics.safe.join([new[0], old[1]]) == .string("bbaa"))
    }

    @Test func aTornIntegerCombinesTheHighWordOfOneWriteWithTheLowWordOfAnother() {
        let old = RegisterSemantics.safe.split(.int(-1))
        let new = RegisterSemantics.safe.split(.int(5))
        #expect(RegisterSemantics.safe.join([new[0], old[1]]) == .int(0xFFFF_FFFF))
        #expect(RegisterSemantics.safe.join([old[0], new[1]]) == .int(-(1 << 32) + 5))
    }

    @Test func partsOfDifferentKindsJoinAsTheFirstPart() {
        let text = RegisterSemantics.safe.split(.string("xy"))
        let number = RegisterSemantics.safe.split(.int(9))
        #expect(RegisterSemantics.safe.join([text[0], number[1]]) == .string("x"))
        #expect(RegisterSemantics.safe.join([number[0], text[1]]) == .int(0))
    }
}
