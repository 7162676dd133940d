import Histories

/// Values to small ints, once per history, so that no inner loop hashes or compares a `Value`.
///
/// Integers written as plain decimal literals (the common case) go through an `Int64` table, far
/// cheaper than hashing a `JSONNumber`. A number written any other way (`1.0`, `1e3`) may equal one
/// of them, so the first such number moves every integer into the general table, which is used from
/// then on.
struct ValueInterner {
    private(set) var values: [Value] = []
    private var general: [Value: Int32] = [:]
    private var integers: [Int64: Int32] = [:]
    private var strings: [String: Int32] = [:]
    private var nullIndex: Int32 = -1
    private var boolIndex: [Int32] = [-1, -1]
    private var integersOnly = true

    /// `expected`: about how many distinct values to expect (saves rehashing on large histories).
    init(expected: Int = 0) {
        values.reserveCapacity(expected)
        integers.reserveCapacity(expected)
    }

    mutating func intern(_ value: Value) -> Int32 {
        switch value {
        case .null:
            if nullIndex < 0 { nullIndex = add(value) }
            return nullIndex
        case let .bool(b):
            if boolIndex[b ? 1 : 0] < 0 { boolIndex[b ? 1 : 0] = add(value) }
            return boolIndex[b ? 1 : 0]
        case let .string(s):
            if let index = strings[s] { return index }
            let index = add(value)
            strings[s] = index
            return index
        case let .number(n):
            if integersOnly {
                if let i = ValueInterner.plainInteger(n.literal) {
                    if let index = integers[i] { return index }
                    let index = add(value)
                    integers[i] = index
                    return index
                }
                integersOnly = false
                for (_, index) in integers { general[values[Int(index)]] = index }
                integers = [:]
            }
            if let index = general[value] { return index }
            let index = add(value)
            general[value] = index
            return index
        }
    }

    private mutating func add(_ value: Value) -> Int32 {
        values.append(value)
        return Int32(values.count - 1)
    }

    /// The integer a literal like `42` or `-7` denotes; nil for anything else (`1.0`, `-0`, `1e3`,
    /// leading zeros, out of range), which then goes through exact `JSONNumber` equality.
    static func plainInteger(_ literal: String) -> Int64? {
        var utf8 = literal.utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        guard let first = utf8.first, first >= 0x31 && first <= 0x39 || (first == 0x30 && utf8.count == 1 && !negative),
            utf8.count <= 18 else { return nil }
        var result: Int64 = 0
        for b in utf8 {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            result = result * 10 + Int64(b - 0x30)
        }
        return negative ? -result : result
    }
}
