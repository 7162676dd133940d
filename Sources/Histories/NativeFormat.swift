import JSON

/// Registrar's native JSON history (SPEC §3): decoding.
///
/// Rules beyond the SPEC's text, so that every accepted document means one thing:
/// - `id` defaults to the position and must be unique; `register` (string or integer) defaults to
///   `History.defaultRegister`; `process` (string or integer) is required.
/// - `kind` is "read", "write" or "cas"; `value` must be a JSON scalar, or `[expected, new]` for cas.
///   A read may omit `value` (null); writes and cas must give it.
/// - `status` is "ok", "fail" or "info". When absent it is "ok" if `complete` is given, else "info".
///   `complete` is absent or null exactly for "info", and never earlier than `invoke`.
/// - A cas in a history whose "model" says "register" is an error; without "model" (and no option)
///   a history with a cas is a `cas-register` history.
/// - Unknown members are ignored, so that tools may add their own.
enum NativeFormat {
    static func decode(_ bytes: some Collection<UInt8>, options: HistoryDecodingOptions) throws(HistoryFormatError) -> History {
        var operations: [Operation] = []
        var ids = Set<Int>()
        var firstError: HistoryFormatError?
        let document: JSON
        do throws(JSONError) {
            document = try JSON.parse(bytes, streaming: .member("operations")) { position, element in
                do throws(HistoryFormatError) {
                    let operation = try decodeOperation(element, position: position)
                    guard ids.insert(operation.id).inserted else {
                        throw HistoryFormatError(subject: .operation(position), field: "id", reason: "duplicate id \(operation.id)")
                    }
                    operations.append(operation)
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
        guard case let .object(members) = document else {
            throw HistoryFormatError(subject: .document, reason: "expected a JSON object with \"operations\", got \(document.typeName)")
        }
        guard let list = members.first(where: { $0.key == "operations" })?.value else {
            throw HistoryFormatError(subject: .document, field: "operations", reason: "missing")
        }
        guard case .array = list else {
            throw HistoryFormatError(subject: .document, field: "operations", reason: "expected an array, got \(list.typeName)")
        }

        var name: String?
        switch document["name"] {
        case nil, .null?: name = nil
        case let .string(s)?: name = s
        case let other?: throw HistoryFormatError(subject: .document, field: "name", reason: "expected a string, got \(other.typeName)")
        }
        var model = options.model
        switch document["model"] {
        case nil, .null?: break
        case let .string(s)? where History.Model(rawValue: s) != nil: model = History.Model(rawValue: s)
        case let other?:
            throw HistoryFormatError(subject: .document, field: "model", reason: "expected \"register\" or \"cas-register\", got \(other.serialized())")
        }
        var initial = options.initial ?? .null
        if let json = document["initial"] {
            guard let value = Value(json: json) else {
                throw HistoryFormatError(subject: .document, field: "initial", reason: "expected a JSON scalar, got \(json.typeName)")
            }
            initial = value
        }
        let hasCas = operations.contains { $0.kind == .cas }
        if model == .register, hasCas, let position = operations.firstIndex(where: { $0.kind == .cas }) {
            throw HistoryFormatError(subject: .operation(position), field: "kind", reason: "cas needs model \"cas-register\"; this history's model is \"register\"")
        }
        return History(name: name, model: model ?? (hasCas ? .casRegister : .register), initial: initial, operations: operations)
    }

    static func decodeOperation(_ json: JSON, position: Int) throws(HistoryFormatError) -> Operation {
        func fail(_ field: String?, _ reason: String) -> HistoryFormatError {
            HistoryFormatError(subject: .operation(position), field: field, reason: reason)
        }
        guard case let .object(members) = json else { throw fail(nil, "expected an object, got \(json.typeName)") }
        var id: Int?, process: Label?, register: Label?, kind: Operation.Kind?, status: Operation.Status?
        var valueJSON: JSON?, invoke: Int64?, complete: Int64?
        for (key, field) in members {
            switch key {
            case "id":
                guard case let .number(n) = field, let i = n.int64Value, let small = Int(exactly: i) else {
                    throw fail("id", "expected an integer, got \(field.serialized())")
                }
                id = small
            case "process": process = try label(field, field: "process", position: position)
            case "register": register = try label(field, field: "register", position: position)
            case "kind":
                guard case let .string(s) = field, let k = Operation.Kind(rawValue: s) else {
                    throw fail("kind", "expected \"read\", \"write\" or \"cas\", got \(field.serialized())")
                }
                kind = k
            case "status":
                guard case let .string(s) = field, let st = Operation.Status(rawValue: s) else {
                    throw fail("status", "expected \"ok\", \"fail\" or \"info\", got \(field.serialized())")
                }
                status = st
            case "value": valueJSON = field
            case "invoke":
                guard case let .number(n) = field, let t = n.int64Value else {
                    throw fail("invoke", "expected an integer time, got \(field.serialized())")
                }
                invoke = t
            case "complete":
                switch field {
                case .null: complete = nil
                case let .number(n):
                    guard let t = n.int64Value else { throw fail("complete", "expected an integer time or null, got \(n.literal)") }
                    complete = t
                default: throw fail("complete", "expected an integer time or null, got \(field.serialized())")
                }
            default: continue
            }
        }
        guard let process else { throw fail("process", "missing") }
        guard let kind else { throw fail("kind", "missing") }
        guard let invoke else { throw fail("invoke", "missing") }
        let resolved = status ?? (complete == nil ? .info : .ok)
        switch (resolved, complete) {
        case (.info, let c?): throw fail("complete", "an \"info\" operation never completes, got \(c)")
        case (.ok, nil), (.fail, nil): throw fail("complete", "missing: an \"\(resolved.rawValue)\" operation needs a completion time")
        case let (_, c?) where c < invoke: throw fail("complete", "\(c) is earlier than invoke \(invoke)")
        default: break
        }
        var value = Value.null
        var expected: Value?
        switch (kind, valueJSON) {
        case (.cas, let json?):
            guard case let .array(pair) = json, pair.count == 2, let e = Value(json: pair[0]), let n = Value(json: pair[1]) else {
                throw fail("value", "expected [expected, new] with two scalars for a cas, got \(json.serialized())")
            }
            (expected, value) = (e, n)
        case (_, let json?):
            guard let v = Value(json: json) else { throw fail("value", "expected a JSON scalar, got \(json.typeName)") }
            value = v
        case (.read, nil): value = .null
        case (_, nil): throw fail("value", "missing: a \(kind.rawValue) needs a value")
        }
        return Operation(
            id: id ?? position, process: process, register: register ?? History.defaultRegister, kind: kind,
            value: value, expected: expected, invoke: invoke, complete: complete, status: resolved)
    }

    private static func label(_ json: JSON, field: String, position: Int) throws(HistoryFormatError) -> Label {
        switch json {
        case let .string(s): return .string(s)
        case let .number(n):
            if let i = n.int64Value, let small = Int(exactly: i) { return .int(small) }
            fallthrough
        default:
            throw HistoryFormatError(subject: .operation(position), field: field, reason: "expected a string or an integer, got \(json.serialized())")
        }
    }
}
