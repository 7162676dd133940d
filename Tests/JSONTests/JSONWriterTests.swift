import Testing
import JSON

@Suite struct JSONWriterTests {
    @Test func writesCompactText() {
        let json: JSON = ["a": [1, true, nil, "s"], "b": [:], "c": []]
        #expect(json.serialized() == #"{"a":[1,true,null,"s"],"b":{},"c":[]}"#)
        #expect(json.serializedBytes() == Array(json.serialized().utf8))
    }

    @Test func writesPrettyText() {
        let json: JSON = ["a": [1, 2], "b": ["c": nil], "d": []]
        #expect(json.serialized(pretty: true) == """
            {
              "a": [
                1,
                2
              ],
              "b": {
                "c": null
              },
              "d": []
            }
            """)
    }

    @Test func escapesControlCharactersQuotesAndBackslashes() {
        #expect(JSON.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{0}\u{1F}").serialized() == #""a\"b\\c\n\r\t\b\f\u0000\u001f""#)
    }

    @Test func escapesHTMLSensitiveCharacters() {
        let text = JSON.string("</script><b>&amp;\u{2028}\u{2029}").serialized()
        #expect(text == #""\u003c/script\u003e\u003cb\u003e\u0026amp;\u2028\u2029""#)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
    }

    @Test func keepsOtherUnicodeAsIs() {
        #expect(JSON.string("é€😀\u{2027}\u{202A}").serialized() == "\"é€😀\u{2027}\u{202A}\"")
    }

    @Test func roundTripsThroughTheParser() throws {
        let json: JSON = ["k\"ey": ["\u{0}\u{7F}<>&\u{2028}😀", 1, -2, false, nil, [["x": .number(JSONNumber("12345678901234567890")!)]]]]
        #expect(try JSON.parse(json.serialized()) == json)
        #expect(try JSON.parse(json.serialized(pretty: true)) == json)
    }

    @Test func streamsPiecesWithTheWriter() throws {
        var writer = JSONWriter()
        writer.writeRaw("[")
        writer.writeInteger(-5)
        writer.writeRaw(",")
        writer.writeString("<x>")
        writer.writeRaw(",")
        writer.write(["a": 1])
        writer.writeRaw("]")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"[-5,"\u003cx\u003e",{"a":1}]"#)
        #expect(try JSON.parse(writer.bytes) == [-5, "<x>", ["a": 1]])
    }

    @Test func writesIntegersAsTheirDecimalLiteral() {
        for value: Int64 in [0, 7, -7, 10, 99, 100, 1_234_567, -1_000_000, .max, .min] {
            var writer = JSONWriter()
            writer.writeRaw("x")
            writer.writeInteger(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "x\(value)")
        }
    }
}
