/// The values of a matched route's `:name` and `*name` segments, looked up by name.
///
/// Built for every routed request, so it avoids a dictionary: the names are the pattern's own
/// array (shared, not copied) and up to four values are held inline, so a match allocates nothing
/// here beyond values too long for a small string (15 UTF-8 bytes).
public struct RouteParameters: Sendable, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    private let names: [String]
    private var count = 0
    private var inline: (String, String, String, String) = ("", "", "", "")
    private var overflow: [String] = []

    init(names: [String]) {
        self.names = names
    }

    /// Parameters given directly (tests, and handlers called without a router).
    public init(dictionaryLiteral elements: (String, String)...) {
        names = elements.map(\.0)
        for (_, value) in elements { append(value) }
    }

    /// Appends the value of the next name in order.
    mutating func append(_ value: String) {
        switch count {
        case 0: inline.0 = value
        case 1: inline.1 = value
        case 2: inline.2 = value
        case 3: inline.3 = value
        default: overflow.append(value)
        }
        count += 1
    }

    private func value(at index: Int) -> String {
        switch index {
        case 0: return inline.0
        case 1: return inline.1
        case 2: return inline.2
        case 3: return inline.3
        default: return overflow[index - 4]
        }
    }

    /// The value of parameter `name`, or nil when the route has no such parameter.
    public subscript(name: String) -> String? {
        for index in 0..<count where names[index] == name { return value(at: index) }
        return nil
    }

    /// Name and value pairs, in pattern order.
    public var pairs: [(name: String, value: String)] {
        (0..<count).map { (names[$0], value(at: $0)) }
    }

    /// Equal when they hold the same names with the same values, whatever the order.
    public static func == (lhs: RouteParameters, rhs: RouteParameters) -> Bool {
        lhs.count == rhs.count && lhs.pairs.allSatisfy { rhs[$0.name] == $0.value }
    }

    public var description: String {
        "[" + pairs.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
