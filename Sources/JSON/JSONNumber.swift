/// A JSON number kept exactly as written, compared by its mathematical value.
///
/// `1`, `1.0` and `10e-1` are equal; `12345678901234567890123` keeps every digit. No binary floating
/// point is involved, so large integers and long decimals never lose precision. `literal` is the text
/// that was parsed (or produced), for writing the number back out unchanged.
///
/// Exponents are clamped to ±10^15 when compared: two numbers whose written exponents both exceed
/// that bound (far beyond any `Double`) may compare equal. No register value comes near it.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written, a valid JSON number literal.
    public let literal: String
    /// The value in canonical form, so that equal numbers have equal forms.
    private let canonical: Canonical

    /// Parses a JSON number literal (RFC 8259 §6); nil if `literal` is not one.
    public init?(_ literal: String) {
        let canonical: Canonical?? = literal.utf8.withContiguousStorageIfAvailable { Canonical($0) }
        guard let found = canonical ?? Array(literal.utf8).withUnsafeBufferPointer({ Canonical($0) }) else {
            return nil
        }
        self.literal = literal
        self.canonical = found
    }

    /// A literal the JSON scanner has already checked against the RFC 8259 grammar.
    init(validatedLiteral bytes: UnsafeBufferPointer<UInt8>) {
        canonical = Canonical(bytes) ?? .integer(0)
        literal = String(decoding: bytes, as: UTF8.self)
    }

    /// An integer, written in decimal.
    public init(_ value: Int64) {
        literal = String(value)
        canonical = Canonical(value)
    }

    /// The value as an `Int64` when it is an integer in range (`2.0` and `1e3` count), else nil.
    public var int64Value: Int64? {
        switch canonical {
        case let .integer(value): return value
        case let .decimal(negative, digits, exponent): return Self.int64(negative: negative, digits: digits, exponent: exponent)
        }
    }

    private static func int64(negative: Bool, digits: String, exponent: Int) -> Int64? {
        guard exponent >= 0, digits.utf8.count + exponent <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for digit in digits.utf8 {
            magnitude = magnitude * 10 + UInt64(digit &- 0x30)  // at most 19 digits: no overflow
        }
        for _ in 0..<exponent {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            magnitude = product
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// True when the value is a whole number (`2`, `2.0`, `2e3`), whatever its size.
    public var isInteger: Bool {
        switch canonical {
        case .integer: return true
        case let .decimal(_, _, exponent): return exponent >= 0
        }
    }

    /// The value as a `Double` (may round; for display and arithmetic only, never for equality).
    public var doubleValue: Double { Double(literal) ?? .nan }

    public var description: String { literal }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.canonical == rhs.canonical
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonical)
    }
}

/// The canonical form of a number, computed in one pass over its literal.
///
/// Integers below 10^18 in magnitude (the common case: times, ids, small values) are always
/// `.integer`, so they compare and hash without strings; every other number is `.decimal`: sign,
/// significant digits without leading or trailing zeros, and the decimal exponent of the last digit.
private enum Canonical: Hashable {
    case integer(Int64)
    case decimal(negative: Bool, digits: String, exponent: Int)

    static let integerBound: UInt64 = 1_000_000_000_000_000_000

    init(_ value: Int64) {
        if value.magnitude < Self.integerBound {
            self = .integer(value)
            return
        }
        var magnitude = value.magnitude
        var trailingZeros = 0
        while magnitude % 10 == 0 { magnitude /= 10; trailingZeros += 1 }
        self = .decimal(negative: value < 0, digits: String(magnitude), exponent: trailingZeros)
    }

    /// Validates `bytes` against the RFC 8259 §6 grammar; nil if it is not a number literal.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        var i = 0
        func isDigit(_ i: Int) -> Bool { i < count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var negative = false
        if i < count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        // Fast path: a plain integer of at most 18 digits, without leading zeros.
        if count > i, count - i <= 18, count - i == 1 || bytes[i] != 0x30 {
            var value: Int64 = 0
            var k = i
            while k < count, bytes[k] >= 0x30, bytes[k] <= 0x39 { value = value * 10 + Int64(bytes[k] - 0x30); k += 1 }
            if k == count {
                self = .integer(negative ? -value : value)
                return
            }
        }
        let intStart = i
        while isDigit(i) { i += 1 }
        let intEnd = i
        guard intEnd > intStart, intEnd - intStart == 1 || bytes[intStart] != UInt8(ascii: "0") else { return nil }
        var fracStart = i, fracEnd = i
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fracStart = i
            while isDigit(i) { i += 1 }
            fracEnd = i
            guard fracEnd > fracStart else { return nil }
        }
        var exp = 0
        if i < count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard isDigit(i) else { return nil }
            while isDigit(i) {
                // Clamped (see the type's documentation): keeps the arithmetic far from overflow.
                if exp < 1_000_000_000_000_000 { exp = exp * 10 + Int(bytes[i] - 0x30) }
                i += 1
            }
            if expNegative { exp = -exp }
        }
        guard i == count else { return nil }

        // Significant digits run from the first non-zero digit to the last non-zero digit,
        // skipping the decimal point between the integer and fraction parts.
        var first = -1, last = -1
        for p in intStart..<intEnd where bytes[p] != 0x30 { if first < 0 { first = p }; last = p }
        for p in fracStart..<fracEnd where bytes[p] != 0x30 { if first < 0 { first = p }; last = p }
        guard first >= 0 else {
            self = .integer(0)
            return
        }
        // The exponent of the last significant digit: its place relative to the end of the integer part.
        let place = last < intEnd ? intEnd - 1 - last : -(last - fracStart + 1)
        let exponent = exp + place
        let spansPoint = first < intEnd && last >= fracStart
        let length = last - first + 1 - (spansPoint ? 1 : 0)
        // An integer small enough for `.integer` must take that form.
        if exponent >= 0, length + exponent <= 18 {
            var value: Int64 = 0
            for p in first...last where bytes[p] != UInt8(ascii: ".") { value = value * 10 + Int64(bytes[p] - 0x30) }
            for _ in 0..<exponent { value *= 10 }
            self = .integer(negative ? -value : value)
            return
        }
        let digits = String(unsafeUninitializedCapacity: length) { out in
            var n = 0
            for p in first...last where bytes[p] != UInt8(ascii: ".") {
                out[n] = bytes[p]
                n += 1
            }
            return n
        }
        self = .decimal(negative: negative, digits: digits, exponent: exponent)
    }
}
