import JSON

/// Turns Jepsen events into operations, as Knossos reads a history (SPEC §3).
///
/// - The position of an event is its time; `:time` is ignored.
/// - An invocation pairs with the next completion of the same process. An invocation still pending
///   when its process invokes again, or at the end, is `info`: the process crashed.
/// - A completion without a pending invocation of its process is an error.
/// - `:ok` → ok; `:fail` → fail (kept); `:info` → info, with no completion time.
/// - An `:ok` read of nil is an unknown read and is dropped.
/// - A read's value comes from its completion; a write's and a cas's from the invocation (or the
///   completion when the invocation has none). A cas value is `[expected new]`.
/// - Multi-register ("independent") histories: when every non-nil value is a 2-element vector
///   `[k v]`, and some read/write value is one or some cas value is `[k [e n]]`, then `k` names
///   the register and `v` is the value. A plain cas-register history (scalars for reads and writes,
///   `[e n]` for cas) never matches this rule. Otherwise every operation is on `History.defaultRegister`.
/// - Operations are numbered in invocation order.
struct JepsenHistoryBuilder {
    var events: [JepsenEvent] = []

    func build(name: String? = nil, options: HistoryDecodingOptions) throws(HistoryFormatError) -> History {
        let independent = isIndependent
        var pending: [Label: JepsenEvent] = [:]
        var built: [Operation] = []
        for event in events {
            if event.type == .invoke {
                if let crashed = pending[event.process] {
                    if let op = try operation(crashed, nil, independent) { built.append(op) }
                }
                pending[event.process] = event
                continue
            }
            guard let invocation = pending.removeValue(forKey: event.process) else {
                throw HistoryFormatError(
                    subject: .event(event.position), field: field("process", event),
                    reason: ":\(event.type.rawValue) completion of process \(event.process) with no pending invocation", line: event.line)
            }
            guard invocation.f == event.f else {
                throw HistoryFormatError(
                    subject: .event(event.position), field: field("f", event),
                    reason: "completion :\(event.f.rawValue) does not match the invocation :\(invocation.f.rawValue) of process \(event.process) (event \(invocation.position))",
                    line: event.line)
            }
            if let op = try operation(invocation, event, independent) { built.append(op) }
        }
        for invocation in pending.values {
            if let op = try operation(invocation, nil, independent) { built.append(op) }
        }
        built.sort { $0.invoke < $1.invoke }
        for k in built.indices { built[k].id = k }
        let hasCas = built.contains { $0.kind == .cas }
        return History(name: name, model: options.model ?? (hasCas ? .casRegister : .register), initial: options.initial ?? .null, operations: built)
    }

    private func field(_ name: String, _ event: JepsenEvent) -> String {
        event.spelling.field(name)
    }

    /// See the type's documentation for the rule.
    var isIndependent: Bool {
        var sawKeyed = false
        for event in events {
            if case .nil = event.value { continue }
            guard let pair = event.value.elements, pair.count == 2 else { return false }
            switch event.f {
            case .read, .write: sawKeyed = true
            case .cas: if pair[1].elements != nil { sawKeyed = true }
            }
        }
        return sawKeyed
    }

    /// The operation of an invocation and its completion (nil: none, the process crashed).
    private func operation(_ invocation: JepsenEvent, _ completion: JepsenEvent?, _ independent: Bool) throws(HistoryFormatError) -> Operation? {
        let status: Operation.Status
        switch completion?.type {
        case .ok?: status = .ok
        case .fail?: status = .fail
        case .info?, nil, .invoke?: status = .info
        }
        func fail(_ event: JepsenEvent, _ reason: String) -> HistoryFormatError {
            HistoryFormatError(subject: .event(event.position), field: field("value", event), reason: reason, line: event.line)
        }
        // Which event's value counts, then split off the register key.
        var source = invocation
        if invocation.f == .read || invocation.value == .nil, let completion { source = completion }
        if invocation.f == .read, completion?.type != .ok { source = invocation }
        var register = History.defaultRegister
        var form = source.value
        if independent {
            let keyed = [invocation.value, completion?.value ?? .nil].first { $0.elements?.count == 2 }
            if let key = keyed?.elements?.first {
                guard let label = Self.label(key) else { throw fail(source, "expected an integer or a keyword as register key, got \(key.ednText)") }
                register = label
            }
            form = source.value.elements?.count == 2 ? (source.value.elements?[1] ?? .nil) : .nil
        }
        if invocation.f == .read, status == .ok, form == .nil { return nil }  // unknown read
        if invocation.f == .read, status != .ok { form = .nil }
        var value = Value.null
        var expected: Value?
        if invocation.f == .cas {
            guard let pair = form.elements, pair.count == 2, let e = pair[0].scalar, let n = pair[1].scalar else {
                throw fail(source, "expected [expected new] for a cas, got \(form.ednText)")
            }
            (expected, value) = (e, n)
        } else {
            guard let scalar = form.scalar else { throw fail(source, "expected a scalar, got \(form.ednText)") }
            value = scalar
        }
        return Operation(
            id: 0, process: invocation.process, register: register, kind: invocation.f, value: value, expected: expected,
            invoke: Int64(invocation.position), complete: status == .info ? nil : completion.map { Int64($0.position) }, status: status)
    }

    private static func label(_ form: EDNValue) -> Label? {
        switch form {
        case let .number(n):
            guard let i = JSONNumber(n.text)?.int64Value, let small = Int(exactly: i) else { return nil }
            return .int(small)
        case let .keyword(s), let .string(s), let .symbol(s): return .string(s)
        default: return nil
        }
    }
}
