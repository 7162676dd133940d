import Testing
import JSON
@testable import Histories

@Suite struct NativeFormatTests {
    static let specExample = """
        { "name": "optional label", "model": "register", "initial": null,
          "operations": [
            {"id": 0, "process": "p1", "register": "x", "kind": "write", "value": 1, "invoke": 1000, "complete": 2000, "status": "ok"},
            {"id": 1, "process": "p2", "register": "x", "kind": "read",  "value": 1, "invoke": 1500, "complete": 2600, "status": "ok"},
            {"id": 2, "process": "p3", "register": "x", "kind": "write", "value": 2, "invoke": 1700, "status": "info"}
          ] }
        """

    @Test func decodesTheSpecExample() throws {
        let history = try History.decode(Self.specExample)
        #expect(history.name == "optional label")
        #expect(history.model == .register)
        #expect(history.initial == .null)
        #expect(history.operations == [
            Operation(id: 0, process: .string("p1"), register: .string("x"), kind: .write, value: .int(1), invoke: 1000, complete: 2000, status: .ok),
            Operation(id: 1, process: .string("p2"), register: .string("x"), kind: .read, value: .int(1), invoke: 1500, complete: 2600, status: .ok),
            Operation(id: 2, process: .string("p3"), register: .string("x"), kind: .write, value: .int(2), invoke: 1700, complete: nil, status: .info),
        ])
    }

    @Test func appliesDefaults() throws {
        let history = try History.decode(#"{"operations": [{"process": 1, "kind": "read", "invoke": 5, "complete": 6}, {"process": 2, "kind": "write", "value": "a", "invoke": 5}]}"#)
        #expect(history.name == nil)
        #expect(history.model == .register)
        #expect(history.initial == .null)
        #expect(history.operations.map(\.id) == [0, 1])
        #expect(history.operations.map(\.register) == [History.defaultRegister, History.defaultRegister])
        #expect(history.operations.map(\.status) == [.ok, .info])
        #expect(history.operations[0].value == .null)
        #expect(history.operations[0].process == .int(1))
    }

    @Test func decodesCasAndInfersTheModel() throws {
        let text = #"{"initial": 0, "operations": [{"process": "a", "register": 3, "kind": "cas", "value": [0, 1], "invoke": 1, "complete": 2, "status": "fail"}]}"#
        let history = try History.decode(text)
        #expect(history.model == .casRegister)
        #expect(history.initial == .int(0))
        #expect(history.operations[0].expected == .int(0))
        #expect(history.operations[0].value == .int(1))
        #expect(history.operations[0].register == .int(3))
        // Options fill in what the document leaves out; the document's own fields win.
        let withOptions = try History.decode(#"{"operations": []}"#, options: .init(model: .casRegister, initial: .string("z")))
        #expect(withOptions.model == .casRegister && withOptions.initial == .string("z"))
        let own = try History.decode(#"{"model": "register", "initial": 7, "operations": []}"#, options: .init(model: .casRegister, initial: .null))
        #expect(own.model == .register && own.initial == .int(7))
    }

    @Test func keepsValueKindsApartAndBigNumbersExact() throws {
        let text = #"{"operations": [{"process": 1, "kind": "write", "value": 1, "invoke": 1, "complete": 2}, {"process": 1, "kind": "write", "value": "1", "invoke": 3, "complete": 4}, {"process": 1, "kind": "write", "value": true, "invoke": 5, "complete": 6}, {"process": 1, "kind": "write", "value": 123456789012345678901234567890, "invoke": 7, "complete": 8}, {"process": 1, "kind": "write", "value": 1.0, "invoke": 9, "complete": 10}]}"#
        let values = try History.decode(text).operations.map(\.value)
        #expect(values[0] != values[1])
        #expect(values[0] != values[2])
        #expect(values[1] != values[2])
        #expect(values[0] == values[4])  // 1 and 1.0 are one number
        #expect(values[3] != .number(try #require(JSONNumber("123456789012345678901234567891"))))
        #expect(values[3] == .number(try #require(JSONNumber("123456789012345678901234567890"))))
        #expect(Value.bool(true) != .int(1))
        #expect(Value.string("1") != .int(1))
        #expect(Value.null != .string("null"))
    }

    @Test(arguments: [
        (#"{"process": 1, "kind": "read", "invoke": 1, "complete": 2, "status": "done"}"#,
         #"operation 1: field "status": expected "ok", "fail" or "info", got "done""#),
        (#"{"process": 1, "kind": "delete", "invoke": 1}"#, #"operation 1: field "kind": expected "read", "write" or "cas", got "delete""#),
        (#"{"process": 1, "kind": "read", "invoke": 1, "status": "ok"}"#, #"operation 1: field "complete": missing: an "ok" operation needs a completion time"#),
        (#"{"process": 1, "kind": "read", "invoke": 1, "status": "fail"}"#, #"operation 1: field "complete": missing: an "fail" operation needs a completion time"#),
        (#"{"process": 1, "kind": "write", "value": 1, "invoke": 1, "complete": 3, "status": "info"}"#, #"operation 1: field "complete": an "info" operation never completes, got 3"#),
        (#"{"process": 1, "kind": "read", "invoke": 5, "complete": 3}"#, #"operation 1: field "complete": 3 is earlier than invoke 5"#),
        (#"{"process": 1, "kind": "write", "value": [1], "invoke": 1}"#, #"operation 1: field "value": expected a JSON scalar, got array"#),
        (#"{"process": 1, "kind": "write", "value": {"a": 1}, "invoke": 1}"#, #"operation 1: field "value": expected a JSON scalar, got object"#),
        (#"{"process": 1, "kind": "write", "invoke": 1}"#, #"operation 1: field "value": missing: a write needs a value"#),
        (#"{"process": 1, "kind": "cas", "value": 3, "invoke": 1}"#, #"operation 1: field "value": expected [expected, new] with two scalars for a cas, got 3"#),
        (#"{"process": 1, "kind": "read", "invoke": "soon"}"#, #"operation 1: field "invoke": expected an integer time, got "soon""#),
        (#"{"process": 1, "kind": "read", "invoke": 1.5}"#, #"operation 1: field "invoke": expected an integer time, got 1.5"#),
        (#"{"kind": "read", "invoke": 1}"#, #"operation 1: field "process": missing"#),
        (#"{"process": [1], "kind": "read", "invoke": 1}"#, #"operation 1: field "process": expected a string or an integer, got [1]"#),
        (#"{"process": 1, "register": 1.5, "kind": "read", "invoke": 1}"#, #"operation 1: field "register": expected a string or an integer, got 1.5"#),
        (#"{"id": 0, "process": 1, "kind": "read", "invoke": 1}"#, #"operation 1: field "id": duplicate id 0"#),
        (#"{"id": "a", "process": 1, "kind": "read", "invoke": 1}"#, #"operation 1: field "id": expected an integer, got "a""#),
        (#"17"#, #"operation 1: expected an object, got number"#),
    ])
    func namesTheFirstBadOperationAndField(operation: String, message: String) {
        let text = #"{"operations": [{"process": 1, "kind": "read", "invoke": 0, "complete": 1}, "# + operation + #", {"bad": true}]}"#
        do {
            _ = try History.decode(text, format: .native)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == message)
            #expect(error.index == 1)
        }
    }

    @Test func reportsDocumentErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try History.decode(text, format: .native)
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(message(#"{"name": "a"}"#) == #"field "operations": missing"#)
        #expect(message(#"{"operations": {}}"#) == #"field "operations": expected an array, got object"#)
        #expect(message(#"{"model": "queue", "operations": []}"#) == #"field "model": expected "register" or "cas-register", got "queue""#)
        #expect(message(#"{"initial": [], "operations": []}"#) == #"field "initial": expected a JSON scalar, got array"#)
        #expect(message("{\"operations\": [\n{\"process\": 1 \"kind\": \"read\"}]}") == "line 2, column 15: expected ',' or '}' after object member, found '\"'")
        #expect(message(#"{"model": "register", "operations": [{"process": 1, "kind": "cas", "value": [1, 2], "invoke": 1}]}"#)
            == #"operation 0: field "kind": cas needs model "cas-register"; this history's model is "register""#)
    }

    @Test func encodesWhatItDecodes() throws {
        let history = try History.decode(Self.specExample)
        let text = history.nativeJSON()
        #expect(text.hasPrefix(#"{"name":"optional label","model":"register","initial":null,"operations":[{"id":0,"process":"p1","register":"x","kind":"write","value":1,"invoke":1000,"complete":2000,"status":"ok"}"#))
        #expect(try History.decode(text) == history)
        #expect(try History.decode(history.nativeJSON(pretty: true)) == history)
        #expect(try JSON.parse(history.nativeJSON(pretty: true))["operations"]?.arrayValue?.count == 3)
    }

    @Test func streamWriterProducesTheSameDocumentInPieces() throws {
        let history = RandomHistory.make(seed: 7, count: 50)
        var stream = NativeJSONStreamWriter(name: history.name, model: history.model, initial: history.initial)
        var bytes: [UInt8] = stream.takeBytes()
        for operation in history.operations {
            stream.append(operation)
            bytes += stream.takeBytes()
        }
        stream.finish()
        bytes += stream.takeBytes()
        #expect(bytes == history.nativeJSONBytes())
    }

    @Test func roundTripsRandomHistories() throws {
        for seed in UInt64(1)...200 {
            let history = RandomHistory.make(seed: seed, count: Int(seed % 40))
            for pretty in [false, true] {
                let decoded = try History.decode(history.nativeJSONBytes(pretty: pretty))
                #expect(decoded == history, "seed \(seed), pretty \(pretty)")
                // Labels keep int vs string, numbers keep their literal text.
                #expect(decoded.operations.map(\.value.description) == history.operations.map(\.value.description), "seed \(seed)")
            }
        }
    }
}
