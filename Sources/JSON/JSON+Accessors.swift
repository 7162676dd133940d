extension JSON {
    /// The string, or nil for other values.
    public var stringValue: String? {
        guard case let .string(s) = self else { return nil }
        return s
    }

    /// The number, or nil for other values.
    public var numberValue: JSONNumber? {
        guard case let .number(n) = self else { return nil }
        return n
    }

    /// The boolean, or nil for other values.
    public var boolValue: Bool? {
        guard case let .bool(b) = self else { return nil }
        return b
    }

    /// The elements, or nil for other values.
    public var arrayValue: [JSON]? {
        guard case let .array(a) = self else { return nil }
        return a
    }

    /// The members in order, or nil for other values.
    public var objectValue: [(key: String, value: JSON)]? {
        guard case let .object(o) = self else { return nil }
        return o
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type's name, for error messages: "null", "boolean", "number", "string", "array", "object".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// Members in the order written. Repeating a key is a programming error the parser would reject.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}
