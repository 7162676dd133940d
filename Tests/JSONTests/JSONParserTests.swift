import Testing
import JSON

@Suite struct JSONParserTests {
    @Test func parsesScalars() throws {
        #expect(try JSON.parse("null") == .null)
        #expect(try JSON.parse(" true ") == .bool(true))
        #expect(try JSON.parse("false") == .bool(false))
        #expect(try JSON.parse("\"hi\"") == .string("hi"))
        #expect(try JSON.parse("-12.5e3").numberValue?.literal == "-12.5e3")
        #expect(try JSON.parse("0") == 0)
    }

    @Test func parsesNestedDocumentsKeepingMemberOrder() throws {
        let json = try JSON.parse(#"{"b": [1, {"c": null}], "a": "x"}"#)
        #expect(json.objectValue?.map(\.key) == ["b", "a"])
        #expect(json["b"] == [1, ["c": nil]])
        #expect(json["a"] == "x")
        #expect(try JSON.parse("[]") == .array([]))
        #expect(try JSON.parse("{}") == .object([]))
        #expect(try JSON.parse(" \t\r\n[ 1 , 2 ]\n") == [1, 2])
    }

    @Test func parsesFromByteCollections() throws {
        let bytes = Array(#"{"k":[true]}"#.utf8)
        #expect(try JSON.parse(bytes) == ["k": [true]])
        #expect(try JSON.parse(bytes[...]) == ["k": [true]])
        // A non-contiguous collection is copied first.
        #expect(try JSON.parse(bytes.lazy.map { $0 }) == ["k": [true]])
    }

    @Test func decodesEveryEscape() throws {
        let json = try JSON.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00\u0000""#)
        #expect(json == .string("\"\\/\u{08}\u{0C}\n\r\tAé€😀\u{0}"))
        #expect(try JSON.parse("\"héllo ✓ 😀\"") == .string("héllo ✓ 😀"))
    }

    @Test(arguments: [
        (#""\ud800""#, "lone surrogate"),
        (#""\udc00""#, "lone surrogate"),
        (#""\ud800\u0041""#, "lone surrogate"),
        (#""\ud800x""#, "lone surrogate"),
    ])
    func rejectsLoneSurrogates(text: String, reason: String) {
        #expect(throws: JSONError.self) { try JSON.parse(text) }
        do { _ = try JSON.parse(text) } catch { #expect(error.reason.contains(reason)) }
    }

    @Test(arguments: [
        "", " ", "[", "]", "{", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{1:2}", "{'a':1}",
        "01", "-", "-01", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "tru", "nul", "True",
        "\"abc", "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "[1 2]", "1 2", "[1]x", "{\"a\":1}}",
        "// c\n1", "/* c */ 1", "\u{FEFF}1", "[\"\\\"]",
    ])
    func rejectsInvalidDocuments(text: String) {
        #expect(throws: JSONError.self, "\(text.debugDescription)") { try JSON.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }  // encoded surrogate
    }

    @Test func rejectsDuplicateKeysInSmallAndLargeObjects() throws {
        #expect(throws: JSONError.self) { try JSON.parse(#"{"a":1,"a":2}"#) }
        let many = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(try JSON.parse("{\(many)}").objectValue?.count == 40)
        #expect(throws: JSONError.self) { try JSON.parse("{\(many),\"k3\":0}") }
        // Keys equal after unescaping are duplicates too.
        #expect(throws: JSONError.self) { try JSON.parse(#"{"a":1,"\u0061":2}"#) }
    }

    @Test func limitsNestingDepth() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSON.parse(ok) }
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        do {
            _ = try JSON.parse(deep)
            Issue.record("expected a depth error")
        } catch {
            #expect(error.reason == "nesting deeper than 512 levels")
            #expect(error.offset == 512)
        }
        // Hostile input far past the limit fails fast rather than overflowing the stack.
        #expect(throws: JSONError.self) { try JSON.parse(String(repeating: "{\"a\":", count: 100_000)) }
        #expect(throws: JSONError.self) { try JSON.parse("[[1]]", maxDepth: 1) }
    }

    @Test func errorsCarryOffsetLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2 \"c\"\n}"
        do {
            _ = try JSON.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 10)
            #expect(error.offset == 21)
            #expect(error.reason == "expected ',' or '}' after object member, found '\"'")
            #expect(error.description == "expected ',' or '}' after object member, found '\"' at line 3, column 10")
        }
    }

    @Test func columnsCountScalarsNotBytes() {
        do {
            _ = try JSON.parse("[\"é😀\" x]")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1)
            #expect(error.column == 7)
            #expect(error.offset == 10)
        }
    }

    @Test func reportsTrailingGarbageAndDuplicatesWhereTheyAre() {
        do { _ = try JSON.parse("[1] ]") } catch {
            #expect(error.offset == 4)
            #expect(error.reason.contains("after the end of the document"))
        }
        do { _ = try JSON.parse(#"{"a":1, "a":2}"#) } catch {
            #expect(error.offset == 8)
            #expect(error.reason == #"duplicate key "a" in object"#)
        }
    }

    @Test func keepsNumberLiteralsExactly() throws {
        let json = try JSON.parse("[12345678901234567890123, 1.000, -0, 1E+2, 0.1e-3]")
        #expect(json.arrayValue?.compactMap { $0.numberValue?.literal } == ["12345678901234567890123", "1.000", "-0", "1E+2", "0.1e-3"])
        #expect(json.serialized() == "[12345678901234567890123,1.000,-0,1E+2,0.1e-3]")
    }
}
