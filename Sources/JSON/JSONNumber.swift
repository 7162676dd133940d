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
    /// Canonical form: sign, significant digits without leading or trailing zeros, and the decimal
    /// exponent of the last digit. Zero is `(false, "", 0)` whatever its sign.
    private let negative: Bool
    private let digits: String
    private let exponent: Int

    /// Parses a JSON number literal (RFC 8259 §6); nil if `literal` is not one.
    public init?(_ literal: String) {
        let canonical: Canonical?? = literal.utf8.withContiguousStorageIfAvailable { Canonical($0) }
        guard let found = canonical ?? Array(literal.utf8).withUnsafeBufferPointer({ Canonical($0) }) else {
            return nil
        }
        self.literal = literal
        (negative, digits, exponent) = (found.negative, found.digits, found.exponent)
    }

    /// A literal the JSON scanner has already checked against the RFC 8259 grammar.
    init(validatedLiteral bytes: UnsafeBufferPointer<UInt8>) {
        let found = Canonical(bytes) ?? Canonical(negative: false, digits: "", exponent: 0)
        literal = String(decoding: bytes, as: UTF8.self)
        (negative, digits, exponent) = (found.negative, found.digits, found.exponent)
    }

    /// An integer, written in decimal.
    public init(_ value: Int64) {
        literal = String(value)
        if value == 0 {
            (negative, digits, exponent) = (false, "", 0)
            return
        }
        var magnitude = value.magnitude
        var trailingZeros = 0
        while magnitude % 10 == 0 { magnitude /= 10; trailingZeros += 1 }
        (negative, digits, exponent) = (value < 0, String(magnitude), trailingZeros)
    }

    /// The value as an `Int64` when it is an integer in range (`2.0` and `1e3` count), else nil.
    public var int64Value: Int64? {
        if digits.isEmpty { return 0 }
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
    public var isInteger: Bool { exponent >= 0 }

    /// The value as a `Double` (may round; for display and arithmetic only, never for equality).
    public var doubleValue: Double { Double(literal) ?? .nan }

    public var description: String { literal }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.negative == rhs.negative && lhs.exponent == rhs.exponent && lhs.digits == rhs.digits
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(negative)
        hasher.combine(digits)
        hasher.combine(exponent)
    }
}

/// The canonical form of a number literal, computed in one pass over its bytes.
private struct Canonical {
    var negative: Bool
    var digits: String
    var exponent: Int

    init(negative: Bool, digits: String, exponent: Int) {
        (self.negative, self.digits, self.exponent) = (negative, digits, exponent)
    }

    /// Validates `bytes` against the RFC 8259 §6 grammar; nil if it is not a number literal.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        var i = 0
        func isDigit(_ i: Int) -> Bool { i < count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        negative = false
        if i < count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
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
            (negative, digits, exponent) = (false, "", 0)
            return
        }
        // The exponent of the last significant digit: its place relative to the end of the integer part.
        let place = last < intEnd ? intEnd - 1 - last : -(last - fracStart + 1)
        exponent = exp + place
        let spansPoint = first < intEnd && last >= fracStart
        let length = last - first + 1 - (spansPoint ? 1 : 0)
        digits = String(unsafeUninitializedCapacity: length) { out in
            var n = 0
            for p in first...last where bytes[p] != UInt8(ascii: ".") {
                out[n] = bytes[p]
                n += 1
            }
            return n
        }
    }
}
