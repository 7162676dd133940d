import Testing
import JSON
@testable import Histories

@Suite struct PorcupineFormatTests {
    @Test func decodesRegisterAndKeyValueShapes() throws {
        let text = """
            [{"clientId": 0, "input": {"op": "write", "value": 1}, "call": 0, "output": null, "return": 10},
             {"clientId": 1, "input": {"op": "read"}, "call": 5, "output": {"value": 1}, "return": 15},
             {"clientId": 2, "input": {"op": "put", "key": "k", "value": "v"}, "call": 6, "return": 7},
             {"clientId": 3, "input": {"op": 0, "key": "k"}, "call": 8, "output": "v", "return": 9},
             {"clientId": 4, "input": {"op": false, "value": 2}, "call": 11, "return": null},
             {"clientId": 5, "input": {"op": true}, "call": 12, "output": 2, "return": 13},
             {"clientId": 6, "input": {"op": "cas", "key": 3, "value": [1, 2]}, "call": 14, "output": {"ok": false}, "return": 16}]
            """
        #expect(HistoryFormat.detect(Array(text.utf8)) == .porcupine)
        let history = try History.decode(text)
        #expect(history.model == .casRegister)
        #expect(history.operations.map(\.kind) == [.write, .read, .write, .read, .write, .read, .cas])
        #expect(history.operations.map(\.register) == [History.defaultRegister, History.defaultRegister, .string("k"), .string("k"), History.defaultRegister, History.defaultRegister, .int(3)])
        #expect(history.operations.map(\.value) == [.int(1), .int(1), .string("v"), .string("v"), .int(2), .int(2), .int(2)])
        #expect(history.operations.map(\.status) == [.ok, .ok, .ok, .ok, .info, .ok, .fail])
        #expect(history.operations.map(\.invoke) == [0, 5, 6, 8, 11, 12, 14])
        #expect(history.operations[6].expected == .int(1))
    }

    @Test func namesTheBadOperationAndField() {
        func message(_ text: String) -> String {
            do { _ = try History.decode(text, format: .porcupine); return "no error" } catch { return error.description }
        }
        #expect(message(#"[{"clientId": 0, "input": {"op": "append", "value": 1}, "call": 0, "return": 1}]"#)
            == #"operation 0: field "input.op": expected "read", "get", "write", "put" or "cas", got "append""#)
        #expect(message(#"[{"clientId": 0, "input": {"op": "read"}, "call": 0, "return": 1}, {"clientId": 0, "input": {"op": "write"}, "call": 2, "return": 3}]"#)
            == #"operation 1: field "input.value": missing: a write needs a value"#)
        #expect(message(#"[{"clientId": 0, "input": {"op": "read"}, "call": 5, "return": 1}]"#)
            == #"operation 0: field "return": 1 is earlier than call 5"#)
        #expect(message(#"[{"input": {"op": "read"}, "call": 5}]"#) == #"operation 0: field "clientId": missing"#)
    }
}

@Suite struct HistoryFormatDetectionTests {
    @Test(arguments: [
        (#"{"operations": []}"#, HistoryFormat.native),
        ("  \n{ \"model\": \"register\" }", .native),
        (#"[{"type": "invoke", "f": "read", "process": 0}]"#, .jepsenJSON),
        (#"[{"clientId": 0, "input": {}, "call": 0}]"#, .porcupine),
        (#"[{"input": {}, "call": 0, "type": "x"}]"#, .porcupine),
        ("[{:process 0, :type :invoke}]", .edn),
        ("{:process 0, :type :invoke}", .edn),
        ("; comment\n[]", .edn),
        ("(\n{:type :ok})", .edn),
        ("#jepsen.history.Op{:type :ok}", .edn),
        ("0\t:invoke\t:read\tnil\n", .text),
        ("INFO jepsen.util - 3\t:ok\t:read\t2", .text),
    ])
    func detectsFormatsFromContent(text: String, format: HistoryFormat) {
        #expect(HistoryFormat.detect(Array(text.utf8)) == format)
    }

    @Test func detectsNothingInOtherContent() {
        for text in ["", "   ", "hello", "42", "[1, 2]", "<html>"] {
            #expect(HistoryFormat.detect(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(throws: HistoryFormatError.self) { try History.decode("hello") }
    }

    @Test func namesFormatsAsTheCommandLineDoes() {
        #expect(HistoryFormat.allCases.map(\.rawValue) == ["native", "edn", "jepsen-json", "text", "porcupine"])
        #expect(HistoryFormat(rawValue: "jepsen-json") == .jepsenJSON)
    }
}
