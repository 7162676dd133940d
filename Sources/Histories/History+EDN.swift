extension History {
    /// The history as Jepsen EDN events (for `?format=edn`): a vector of op maps, one per line.
    ///
    /// Each operation becomes an `:invoke` at its invocation time and an `:ok`/`:fail` at its completion,
    /// in time order; at equal times invocations come first, so operations that were concurrent stay
    /// concurrent when a reader takes positions as times. An `info` operation gets an `:info` event just
    /// before its process's next invocation (or at the end). `:time` is the operation's time and `:index`
    /// the event's position. When any operation is on a register other than `History.defaultRegister`,
    /// values are written as Jepsen `independent` tuples `[register value]`. Reading the text back with
    /// `decode` gives the same operations, with positions for times.
    public func jepsenEDN() -> String {
        let keyed = operations.contains { $0.register != History.defaultRegister }
        // Sort key: time, then a rank (info completion < invocation < completion), then operation order.
        var events: [(time: Int64, rank: Int, order: Int, type: String, operation: Operation)] = []
        var nextInvoke: [Int: Int64] = [:]
        var byProcess: [Label: [Int]] = [:]
        for (k, operation) in operations.enumerated() { byProcess[operation.process, default: []].append(k) }
        for indices in byProcess.values {
            let sorted = indices.sorted { operations[$0].invoke < operations[$1].invoke }
            for (a, b) in zip(sorted, sorted.dropFirst()) where operations[b].invoke > operations[a].invoke {
                nextInvoke[a] = operations[b].invoke
            }
        }
        for (k, operation) in operations.enumerated() {
            events.append((operation.invoke, 1, k, "invoke", operation))
            switch (operation.status, operation.complete) {
            case let (.ok, complete?): events.append((complete, 2, k, "ok", operation))
            case let (.fail, complete?): events.append((complete, 2, k, "fail", operation))
            default: events.append((nextInvoke[k] ?? Int64.max, nextInvoke[k] == nil ? 3 : 0, k, "info", operation))
            }
        }
        events.sort { ($0.time, $0.rank, $0.order) < ($1.time, $1.rank, $1.order) }
        var out = "["
        for (index, event) in events.enumerated() {
            let operation = event.operation
            var value: String
            switch operation.kind {
            case .read: value = event.type == "ok" ? EDNWriter.value(operation.value) : "nil"
            case .write: value = EDNWriter.value(operation.value)
            case .cas: value = "[\(EDNWriter.value(operation.expected ?? .null)) \(EDNWriter.value(operation.value))]"
            }
            if keyed { value = "[\(EDNWriter.label(operation.register)) \(value)]" }
            let time = event.type == "invoke" ? operation.invoke : operation.complete ?? operation.invoke
            if index > 0 { out += "\n " }
            out += "{:type :\(event.type), :f :\(operation.kind.rawValue), :value \(value), :process \(EDNWriter.label(operation.process)), :time \(time), :index \(index)}"
        }
        return out + "]\n"
    }
}

/// EDN spellings of register values and labels.
enum EDNWriter {
    static func value(_ value: Value) -> String {
        switch value {
        case .null: return "nil"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n.literal  // JSON number syntax is EDN number syntax
        case let .string(s): return quote(s)
        }
    }

    static func label(_ label: Label) -> String {
        switch label {
        case let .int(i): return String(i)
        case let .string(s): return quote(s)
        }
    }

    /// A string literal with EDN escapes; other control characters as `\uXXXX` (which Clojure reads).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
