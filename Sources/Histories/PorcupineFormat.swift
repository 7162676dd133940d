import JSON

/// Porcupine-style operations: a JSON array of
/// `{"clientId": c, "input": {...}, "call": t1, "output": ..., "return": t2}`.
///
/// The shape accepted (Porcupine's own models carry Go structs; this is their JSON reading):
/// - `clientId` (integer or string) is the process; `call` and `return` are integer times.
///   `return` absent or null makes the operation `info` (it never returned).
/// - `input.op` is the operation: `"read"`/`"get"`, `"write"`/`"put"`, `"cas"`; Porcupine's kv
///   model numbers `0` (get) and `1` (put); its register model's boolean `false` (put) and `true` (get).
///   `"append"`/`2` are not register operations and are an error.
/// - `input.key` (string or integer) is the register; absent: `History.defaultRegister`.
/// - `input.value` is the value written; for cas either `input.value: [expected, new]` or
///   `input.expected` with `input.value`.
/// - `output` is what a read returned: a scalar, or an object whose `value` is it. For cas, an
///   object with `"ok": false` (or the scalar `false`) makes it `fail`. For writes it is ignored.
/// - `status` (optional, `"ok"`/`"fail"`/`"info"`) overrides the status worked out above.
/// Operations are numbered by position; errors name that position.
enum PorcupineFormat {
    static func decode(_ bytes: some Collection<UInt8>, options: HistoryDecodingOptions) throws(HistoryFormatError) -> History {
        var operations: [Operation] = []
        var firstError: HistoryFormatError?
        let document: JSON
        do throws(JSONError) {
            document = try JSON.parse(bytes, streaming: .topLevelArray) { position, element in
                do throws(HistoryFormatError) {
                    operations.append(try operation(element, position: position))
                    return true
                } catch {
                    firstError = error
                    return false
                }
            }
        } catch {
            if let firstError { throw firstError }
            throw HistoryFormatError(subject: .document, reason: error.reason, line: error.line, column: error.column)
        }
        guard case .array = document else {
            throw HistoryFormatError(subject: .document, reason: "expected a JSON array of operations, got \(document.typeName)")
        }
        let hasCas = operations.contains { $0.kind == .cas }
        return History(model: options.model ?? (hasCas ? .casRegister : .register), initial: options.initial ?? .null, operations: operations)
    }

    static func operation(_ json: JSON, position: Int) throws(HistoryFormatError) -> Operation {
        func fail(_ field: String?, _ reason: String) -> HistoryFormatError {
            HistoryFormatError(subject: .operation(position), field: field, reason: reason)
        }
        guard case .object = json else { throw fail(nil, "expected an object, got \(json.typeName)") }
        let process: Label
        switch json["clientId"] {
        case let .string(s)?: process = .string(s)
        case let .number(n)?:
            guard let i = n.int64Value, let small = Int(exactly: i) else { throw fail("clientId", "expected an integer or a string, got \(n.literal)") }
            process = .int(small)
        case nil: throw fail("clientId", "missing")
        case let other?: throw fail("clientId", "expected an integer or a string, got \(other.serialized())")
        }
        guard case let .number(callNumber)? = json["call"], let call = callNumber.int64Value else {
            throw fail("call", json["call"].map { "expected an integer time, got \($0.serialized())" } ?? "missing")
        }
        var complete: Int64?
        switch json["return"] {
        case nil, .null?: complete = nil
        case let .number(n)?:
            guard let t = n.int64Value else { throw fail("return", "expected an integer time or null, got \(n.literal)") }
            guard t >= call else { throw fail("return", "\(t) is earlier than call \(call)") }
            complete = t
        case let other?: throw fail("return", "expected an integer time or null, got \(other.serialized())")
        }
        guard let input = json["input"] else { throw fail("input", "missing") }
        guard case .object = input else { throw fail("input", "expected an object, got \(input.typeName)") }

        let kind: Operation.Kind
        switch input["op"] {
        case let .string(s)?:
            switch s {
            case "read", "get": kind = .read
            case "write", "put": kind = .write
            case "cas": kind = .cas
            default: throw fail("input.op", "expected \"read\", \"get\", \"write\", \"put\" or \"cas\", got \"\(s)\"")
            }
        case let .number(n)? where n.int64Value == 0: kind = .read
        case let .number(n)? where n.int64Value == 1: kind = .write
        case let .bool(b)?: kind = b ? .read : .write
        case nil: throw fail("input.op", "missing")
        case let other?: throw fail("input.op", "expected \"read\", \"write\", \"cas\", 0 (get), 1 (put) or a boolean, got \(other.serialized())")
        }
        var register = History.defaultRegister
        switch input["key"] {
        case nil, .null?: break
        case let .string(s)?: register = .string(s)
        case let .number(n)? where n.int64Value.flatMap { Int(exactly: $0) } != nil: register = .int(Int(n.int64Value ?? 0))
        case let other?: throw fail("input.key", "expected a string or an integer, got \(other.serialized())")
        }

        var status: Operation.Status = complete == nil ? .info : .ok
        var value = Value.null
        var expected: Value?
        switch kind {
        case .read:
            if complete != nil {
                var output = json["output"] ?? .null
                if case .object = output { output = output["value"] ?? .null }
                guard let v = Value(json: output) else { throw fail("output", "expected a scalar or {\"value\": scalar}, got \(output.typeName)") }
                value = v
            }
        case .write:
            guard let v = input["value"].flatMap(Value.init(json:)) else {
                throw fail("input.value", input["value"].map { "expected a scalar, got \($0.typeName)" } ?? "missing: a write needs a value")
            }
            value = v
        case .cas:
            if let e = input["expected"] {
                guard let ev = Value(json: e), let nv = input["value"].flatMap(Value.init(json:)) else {
                    throw fail("input.value", "expected scalars in \"expected\" and \"value\" for a cas")
                }
                (expected, value) = (ev, nv)
            } else {
                guard case let .array(pair)? = input["value"], pair.count == 2, let ev = Value(json: pair[0]), let nv = Value(json: pair[1]) else {
                    throw fail("input.value", "expected [expected, new] for a cas, got \(input["value"]?.serialized() ?? "nothing")")
                }
                (expected, value) = (ev, nv)
            }
            if complete != nil {
                let output = json["output"]
                if output?["ok"] == .bool(false) || output == .bool(false) { status = .fail }
            }
        }
        if let override = json["status"] {
            guard case let .string(s) = override, let st = Operation.Status(rawValue: s) else {
                throw fail("status", "expected \"ok\", \"fail\" or \"info\", got \(override.serialized())")
            }
            if st != .info, complete == nil { throw fail("return", "missing: an \"\(s)\" operation needs a return time") }
            status = st
            if st == .info { complete = nil }
        }
        return Operation(
            id: position, process: process, register: register, kind: kind, value: value, expected: expected,
            invoke: call, complete: complete, status: status)
    }
}
