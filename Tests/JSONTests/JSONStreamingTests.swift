import Testing
import JSON

@Suite struct JSONStreamingTests {
    @Test func streamsTheElementsOfATopLevelMember() throws {
        var seen: [(Int, JSON)] = []
        let document = try JSON.parse(Array(#"{"a": 1, "ops": [1, [2], {"x": 3}], "z": [4]}"#.utf8), streaming: .member("ops")) {
            seen.append(($0, $1))
            return true
        }
        #expect(seen.map(\.0) == [0, 1, 2])
        #expect(seen.map(\.1) == [1, [2], ["x": 3]])
        #expect(document == ["a": 1, "ops": [], "z": [4]])
    }

    @Test func streamsATopLevelArrayAndLeavesNestedOnesAlone() throws {
        var count = 0
        let document = try JSON.parse(Array("[[1], [2], []]".utf8), streaming: .topLevelArray) { _, _ in count += 1; return true }
        #expect(count == 3)
        #expect(document == [])
        // A member of the same name deeper down is not streamed.
        let nested = try JSON.parse(Array(#"{"a": {"ops": [1]}}"#.utf8), streaming: .member("ops")) { _, _ in Issue.record("called"); return true }
        #expect(nested == ["a": ["ops": [1]]])
    }

    @Test func stopsWhenTheHandlerSaysSo() {
        var count = 0
        do {
            _ = try JSON.parse(Array("[1, 2, 3]".utf8), streaming: .topLevelArray) { _, _ in count += 1; return count < 2 }
            Issue.record("expected a stop")
        } catch {
            #expect(error.reason == "stopped by the element handler")
            #expect(count == 2)
        }
    }

    @Test func stillRejectsSyntaxErrorsAfterStreamedElements() {
        #expect(throws: JSONError.self) { try JSON.parse(Array("[1, 2,]".utf8), streaming: .topLevelArray) { _, _ in true } }
        #expect(throws: JSONError.self) { try JSON.parse(Array(#"{"ops": [1], "ops": [2]}"#.utf8), streaming: .member("ops")) { _, _ in true } }
    }
}
