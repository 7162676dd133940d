import JSON

/// One event of a Jepsen history: an invocation or a completion, read from EDN, JSON or text.
struct JepsenEvent {
    enum EventType: String {
        case invoke, ok, fail, info
    }

    var type: EventType
    var f: Operation.Kind
    var value: EDNValue
    var process: Label
    /// 0-based position among all events of the input, nemesis events included: the event's time.
    var position: Int
    var line: Int?
    var spelling: Spelling

    /// How the input spells field names in errors: `:type` for EDN and text, `"type"` for JSON.
    enum Spelling {
        case keyword, json
        func field(_ name: String) -> String { self == .keyword ? ":" + name : name }
    }

    /// The event in `form`, or nil when it is not a register operation (nemesis and other `:f`s).
    init?(_ form: EDNValue, position: Int, line: Int?, spelling: Spelling) throws(HistoryFormatError) {
        func fail(_ field: String?, _ reason: String) -> HistoryFormatError {
            HistoryFormatError(subject: .event(position), field: field.map(spelling.field), reason: reason, line: line)
        }
        guard case .map = form else { throw fail(nil, "expected a map, got \(form.ednText)") }
        guard let typeForm = form[keyword: "type"] else { throw fail("type", "missing") }
        guard let typeName = typeForm.name, let type = EventType(rawValue: typeName) else {
            throw fail("type", "expected :invoke, :ok, :fail or :info, got \(typeForm.ednText)")
        }
        guard let fForm = form[keyword: "f"] else { throw fail("f", "missing") }
        // Only reads, writes and cas are register operations; nemesis `:start`/`:stop` and the like are skipped.
        guard let fName = fForm.name, let f = Operation.Kind(rawValue: fName) else { return nil }
        let process: Label
        switch form[keyword: "process"] {
        case let .number(n)?:
            guard let i = JSONNumber(n.text)?.int64Value, let small = Int(exactly: i) else {
                throw fail("process", "expected an integer or a keyword, got \(n.text)")
            }
            process = .int(small)
        case let .keyword(k)?, let .string(k)?, let .symbol(k)?: process = .string(k)
        case nil: throw fail("process", "missing")
        case let other?: throw fail("process", "expected an integer or a keyword, got \(other.ednText)")
        }
        self.type = type
        self.f = f
        self.value = form[keyword: "value"] ?? .nil
        self.process = process
        self.position = position
        self.line = line
        self.spelling = spelling
    }
}

extension EDNValue {
    /// A keyword's or symbol's name, or a string's text without a leading colon (JSON spells `":ok"` or `"ok"`).
    var name: String? {
        switch self {
        case let .keyword(k), let .symbol(k): return k
        case let .string(s): return s.hasPrefix(":") ? String(s.dropFirst()) : s
        default: return nil
        }
    }

    /// The register value this form denotes: JSON scalars as themselves, keywords and symbols as
    /// strings of their name; nil for collections.
    var scalar: Value? {
        switch self {
        case .nil: return .null
        case let .bool(b): return .bool(b)
        case let .number(n): return JSONNumber(n.text).map(Value.number)
        case let .string(s), let .keyword(s), let .symbol(s): return .string(s)
        default: return nil
        }
    }

    /// A JSON document as EDN: objects become maps with keyword keys, so one lookup serves both.
    init(json: JSON) {
        switch json {
        case .null: self = .nil
        case let .bool(b): self = .bool(b)
        case let .number(n): self = .number(JSONNumberText(text: n.literal))
        case let .string(s): self = .string(s)
        case let .array(items): self = .vector(items.map(EDNValue.init(json:)))
        case let .object(members):
            self = .map(members.map { EDNMapEntry(key: .keyword($0.key), value: EDNValue(json: $0.value)) }, line: 0)
        }
    }
}
