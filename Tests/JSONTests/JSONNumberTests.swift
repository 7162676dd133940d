import Testing
import JSON

@Suite struct JSONNumberTests {
    private func number(_ text: String) throws -> JSONNumber {
        try #require(JSONNumber(text))
    }

    @Test func comparesByValue() throws {
        #expect(try number("1") == number("1.0"))
        #expect(try number("1") == number("10e-1"))
        #expect(try number("100") == number("1e2"))
        #expect(try number("0.5") == number("5E-1"))
        #expect(try number("0") == number("-0.000"))
        #expect(try number("1") != number("-1"))
        #expect(try number("1.5") != number("15"))
        #expect(try number("10") != number("1"))
        #expect(try number("120.50").hashValue == number("1.205e2").hashValue)
    }

    @Test func keepsBigIntegersExact() throws {
        let a = try number("12345678901234567890123456789")
        let b = try number("12345678901234567890123456788")
        #expect(a != b)
        #expect(a.literal == "12345678901234567890123456789")
        #expect(try number("9007199254740993") != number("9007199254740992"))
        #expect(a.int64Value == nil)
        #expect(a.isInteger)
    }

    @Test func convertsToInt64InRange() throws {
        #expect(try number("42").int64Value == 42)
        #expect(try number("-42").int64Value == -42)
        #expect(try number("2.0").int64Value == 2)
        #expect(try number("1e3").int64Value == 1000)
        #expect(try number("1.5").int64Value == nil)
        #expect(try number("9223372036854775807").int64Value == Int64.max)
        #expect(try number("-9223372036854775808").int64Value == Int64.min)
        #expect(try number("9223372036854775808").int64Value == nil)
        #expect(try number("-9223372036854775809").int64Value == nil)
        #expect(try number("1e19").int64Value == nil)
        #expect(try number("0e99999").int64Value == 0)
    }

    @Test func initFromInt64MatchesParsedLiteral() throws {
        for value: Int64 in [0, 1, -1, 10, -1200, Int64.max, Int64.min, 1_000_000] {
            #expect(JSONNumber(value) == (try number(String(value))), "\(value)")
            #expect(JSONNumber(value).hashValue == (try number(String(value))).hashValue)
            #expect(JSONNumber(value).int64Value == value)
            #expect(JSONNumber(value).literal == String(value))
        }
    }

    @Test(arguments: ["", "-", "01", "1.", ".1", "1e", "1e+", "+1", "1x", " 1", "0x1", "--1", "1.2.3"])
    func rejectsInvalidLiterals(text: String) {
        #expect(JSONNumber(text) == nil)
    }
}
