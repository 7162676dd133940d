import Testing
import JSON
@testable import Histories

@Suite struct JepsenFormatTests {
    func decode(_ text: String, _ format: HistoryFormat? = nil, _ options: HistoryDecodingOptions = .init()) throws -> History {
        try History.decode(text, format: format, options: options)
    }

    func message(_ text: String, _ format: HistoryFormat? = nil) -> String {
        do {
            _ = try History.decode(text, format: format)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func pairsEventsByProcessWithPositionsAsTimes() throws {
        let history = try decode("""
            ; positions are times; :time is ignored
            [{:process 0, :type :invoke, :f :write, :value 1, :time 900}
             {:process 1, :type :invoke, :f :read, :value nil, :time 5}
             {:process 0, :type :ok, :f :write, :value 1, :time 1}
             {:process 1, :type :ok, :f :read, :value 1}
             {:process 2, :type :invoke, :f :cas, :value [1 2]}
             {:process 2, :type :fail, :f :cas, :value [1 2]}
             {:process :nemesis, :type :info, :f :start, :value nil}
             {:process 3, :type :invoke, :f :write, :value 3}
             {:process 3, :type :info, :f :write, :value 3}
             {:process 4, :type :invoke, :f :read, :value nil}]
            """)
        #expect(history.model == .casRegister)
        #expect(history.operations == [
            Operation(id: 0, process: .int(0), register: History.defaultRegister, kind: .write, value: .int(1), invoke: 0, complete: 2, status: .ok),
            Operation(id: 1, process: .int(1), register: History.defaultRegister, kind: .read, value: .int(1), invoke: 1, complete: 3, status: .ok),
            Operation(id: 2, process: .int(2), register: History.defaultRegister, kind: .cas, value: .int(2), expected: .int(1), invoke: 4, complete: 5, status: .fail),
            Operation(id: 3, process: .int(3), register: History.defaultRegister, kind: .write, value: .int(3), invoke: 7, complete: nil, status: .info),
            Operation(id: 4, process: .int(4), register: History.defaultRegister, kind: .read, value: .null, invoke: 9, complete: nil, status: .info),
        ])
    }

    @Test func dropsUnknownReadsAndCrashesReinvokedProcesses() throws {
        let history = try decode("""
            {:process 0, :type :invoke, :f :read, :value nil}
            {:process 0, :type :ok, :f :read, :value nil}
            {:process 1, :type :invoke, :f :write, :value 5}
            {:process 1, :type :invoke, :f :write, :value 6}
            {:process 1, :type :ok, :f :write, :value 6}
            """, .edn, .init(model: .register, initial: .int(0)))
        #expect(history.model == .register)
        #expect(history.initial == .int(0))
        #expect(history.operations.map(\.status) == [.info, .ok])
        #expect(history.operations.map(\.value) == [.int(5), .int(6)])
    }

    @Test func readsEDNLiterals() throws {
        var reader = EDNReader(Array(#"""
            [nil true false 42 -7 +3 123456789012345678901234567890N 1.5M 2.5e3 1. "a\"b\n\u00e9" \x \newline
             :kw :ns/kw sym {:a 1, :b [2 3]} #{1} (1 2) #inst "2020-01-01" #_ ignored 9 #jepsen.history.Op{:x 1}]
            """#.utf8))
        let forms = try reader.readAll()
        #expect(forms.count == 1)
        let items = try #require(forms[0].value.elements)
        #expect(items.count == 22)
        #expect(items[0] == .nil && items[1] == .bool(true) && items[2] == .bool(false))
        let numbers: [String] = ["42", "-7", "3", "123456789012345678901234567890", "1.5", "2500", "1"]
        let expectedNumbers: [Value?] = numbers.map { JSONNumber($0).map(Value.number) }
        let scalars: [Value?] = items[3...9].map(\.scalar)
        #expect(scalars == expectedNumbers)
        #expect(items[10] == .string("a\"b\né"))
        #expect(items[11] == .string("x") && items[12] == .string("\n"))
        #expect(items[13] == .keyword("kw") && items[14] == .keyword("ns/kw") && items[15] == .symbol("sym"))
        #expect(items[16][keyword: "b"] == .vector([.number(JSONNumberText(text: "2")), .number(JSONNumberText(text: "3"))]))
        #expect(items[17] == .set([.number(JSONNumberText(text: "1"))]))
        #expect(items[18] == .list([.number(JSONNumberText(text: "1")), .number(JSONNumberText(text: "2"))]))
        #expect(items[19] == .string("2020-01-01"))
        #expect(items[20] == .number(JSONNumberText(text: "9")))
        #expect(items[21][keyword: "x"] == .number(JSONNumberText(text: "1")))
    }

    @Test func readsJepsenRecordLiteralsAndOneMapPerLine() throws {
        let history = try decode("""
            #jepsen.history.Op{:index 0, :time 10, :type :invoke, :process 0, :f :write, :value 1}
            #jepsen.history.Op{:index 1, :time 20, :type :ok, :process 0, :f :write, :value 1}
            """)
        #expect(history.operations.count == 1)
        #expect(history.operations[0].status == .ok)
    }

    @Test func mapsIndependentKeysToRegisters() throws {
        let history = try decode("""
            [{:process 0, :type :invoke, :f :write, :value [:a 1]}
             {:process 0, :type :ok, :f :write, :value [:a 1]}
             {:process 1, :type :invoke, :f :read, :value [7 nil]}
             {:process 1, :type :ok, :f :read, :value [7 3]}
             {:process 2, :type :invoke, :f :cas, :value [7 [3 4]]}
             {:process 2, :type :ok, :f :cas, :value [7 [3 4]]}]
            """)
        #expect(history.operations.map(\.register) == [.string("a"), .int(7), .int(7)])
        #expect(history.operations.map(\.value) == [.int(1), .int(3), .int(4)])
        #expect(history.operations[2].expected == .int(3))
        // A plain cas history is not taken for an independent one.
        let plain = try decode("""
            [{:process 0, :type :invoke, :f :cas, :value [1 2]} {:process 0, :type :ok, :f :cas, :value [1 2]}]
            """)
        #expect(plain.operations[0].register == History.defaultRegister)
        #expect(plain.operations[0].expected == .int(1) && plain.operations[0].value == .int(2))
    }

    @Test func namesTheBadEventFieldAndLine() {
        #expect(message("[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :done, :f :read}]")
            == "event 1 (line 2): field :type: expected :invoke, :ok, :fail or :info, got :done")
        #expect(message("[{:process 0, :type :ok, :f :read, :value 1}]")
            == "event 0 (line 1): field :process: :ok completion of process 0 with no pending invocation")
        #expect(message("[{:type :invoke, :f :read}]") == "event 0 (line 1): field :process: missing")
        #expect(message("[{:process 0 :type :invoke, :f :cas, :value 5}\n{:process 0, :type :ok, :f :cas, :value 5}]")
            == "event 0 (line 1): field :value: expected [expected new] for a cas, got 5")
        #expect(message("[{:process 0 :type :invoke, :f :write, :value {:a 1}}]")
            == "event 0 (line 1): field :value: expected a scalar, got {:a 1}")
        #expect(message("[{:process 0 :type :invoke\n :f :read]") == "line 2, column 10: unexpected ']'")
        #expect(message("[{:process 0, :type :invoke, :f :read}", .edn) == "line 1, column 39: unclosed '[' opened on line 1")
    }

    @Test func decodesJepsenJSONEvents() throws {
        let text = """
            [{"type": "invoke", "f": "write", "value": 1, "process": 0, "time": 5},
             {"type": ":ok", "f": ":write", "value": 1, "process": 0},
             {"type": "invoke", "f": "read", "value": null, "process": "n1"},
             {"type": "ok", "f": "read", "value": 1, "process": "n1"},
             {"type": "info", "f": "start", "process": "nemesis"}]
            """
        #expect(HistoryFormat.detect(Array(text.utf8)) == .jepsenJSON)
        let history = try decode(text)
        #expect(history.operations.map(\.kind) == [.write, .read])
        #expect(history.operations.map(\.process) == [.int(0), .string("n1")])
        #expect(history.operations.map(\.complete) == [1, 3])
        #expect(message(#"[{"type": "invoke", "f": "read", "process": 0}, {"type": "bad", "f": "read", "process": 0}]"#)
            == #"event 1: field "type": expected :invoke, :ok, :fail or :info, got "bad""#)
        #expect(message(#"[{"type": "invoke", "f": "read", "process": 0},]"#, .jepsenJSON).hasPrefix("line 1, column 48: expected a value"))
    }

    @Test func decodesJepsenTextLogs() throws {
        let text = """
            2024-01-01 10:00:00,001 INFO jepsen.core - Running test
            INFO jepsen.util - 3\t:invoke\t:write\t2
            2024-01-01 10:00:00,003{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1\t:invoke\t:read\tnil
            INFO jepsen.util - 3\t:ok\t:write\t2
            1\t:ok\t:read\t2
            :nemesis\t:info\t:start\tnil
            4\t:invoke\t:cas\t[2 5]
            4\t:fail\t:cas\t[2 5]\t:precondition-failed
            """
        #expect(HistoryFormat.detect(Array(text.utf8)) == .text)
        let history = try decode(text)
        #expect(history.operations.map(\.kind) == [.write, .read, .cas])
        #expect(history.operations.map(\.status) == [.ok, .ok, .fail])
        #expect(history.operations.map(\.value) == [.int(2), .int(2), .int(5)])
        #expect(history.operations.map(\.process) == [.int(3), .int(1), .int(4)])
        #expect(history.operations.map(\.invoke) == [0, 1, 5])
        #expect(message("0\t:invoke\t:read\tnil\n0\t:ok\t:read\t[1\n", .text).hasPrefix("event 1 (line 2): field :value: "))
    }

    @Test func writesEDNThatReadsBackAsTheSameOperations() throws {
        let history = History(model: .casRegister, initial: .int(0), operations: [
            Operation(id: 0, process: .int(1), register: History.defaultRegister, kind: .write, value: .string("a\"\n"), invoke: 10, complete: 20, status: .ok),
            Operation(id: 1, process: .int(2), register: History.defaultRegister, kind: .read, value: .string("a\"\n"), invoke: 20, complete: 30, status: .ok),
            Operation(id: 2, process: .int(1), register: History.defaultRegister, kind: .cas, value: .int(3), expected: .bool(true), invoke: 25, complete: nil, status: .info),
            Operation(id: 3, process: .int(1), register: History.defaultRegister, kind: .write, value: .null, invoke: 40, complete: 50, status: .fail),
        ])
        let text = history.jepsenEDN()
        #expect(text.hasPrefix("[{:type :invoke, :f :write, :value \"a\\\"\\n\", :process 1, :time 10, :index 0}\n {:type :invoke, :f :read"))
        let back = try History.decode(text, options: .init(model: .casRegister, initial: .int(0)))
        #expect(back.operations.map(\.kind) == history.operations.map(\.kind))
        #expect(back.operations.map(\.value) == history.operations.map(\.value))
        #expect(back.operations.map(\.expected) == history.operations.map(\.expected))
        #expect(back.operations.map(\.status) == history.operations.map(\.status))
        // Operations 0 and 1 touch at time 20, so they stay concurrent; 0 precedes 3.
        #expect(!back.operations[0].precedes(back.operations[1]))
        #expect(back.operations[0].precedes(back.operations[3]))
    }

    @Test func writesIndependentTuplesForManyRegisters() throws {
        let history = History(operations: [
            Operation(id: 0, process: .int(0), register: .int(0), kind: .write, value: .int(1), invoke: 1, complete: 2, status: .ok),
            Operation(id: 1, process: .int(1), register: .int(1), kind: .read, value: .int(1), invoke: 3, complete: 4, status: .ok),
        ])
        let text = history.jepsenEDN()
        #expect(text.contains(":value [0 1]"))
        let back = try History.decode(text)
        #expect(back.operations.map(\.register) == [.int(0), .int(1)])
    }
}
