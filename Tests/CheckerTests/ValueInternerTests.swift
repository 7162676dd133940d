import Histories
import JSON
import Testing
@testable import Checker

@Suite struct ValueInternerTests {
    @Test func equalValuesShareAnIndexAndOthersDoNot() throws {
        var interner = ValueInterner()
        let one = interner.intern(.int(1))
        #expect(interner.intern(.string("1")) != one)
        #expect(interner.intern(.bool(true)) != one)
        #expect(interner.intern(.null) != one)
        #expect(interner.intern(.int(-0)) != one)
        // A number written another way moves the integers to exact JSON equality.
        #expect(interner.intern(.number(try #require(JSONNumber("1.0")))) == one)
        #expect(interner.intern(.number(try #require(JSONNumber("10e-1")))) == one)
        #expect(interner.intern(.int(1)) == one)
        #expect(interner.intern(.int(0)) == interner.intern(.number(try #require(JSONNumber("-0")))))
        #expect(ValueInterner.plainInteger("007") == nil)
        #expect(ValueInterner.plainInteger("-12") == -12)
    }
}
