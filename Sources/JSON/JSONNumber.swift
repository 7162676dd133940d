/// A JSON number kept exactly as written, compared by its mathematical value.
///
/// `1`, `1.0` and `10e-1` are equal; `12345678901234567890123` keeps every digit. No binary floating
/// point is involved, so large integers and long decimals never lose precision. `literal` is the text
/// that was parsed (or produced), for writing the number back out unchanged.
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
        var bytes = Array(literal.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        let intStart = bytes.startIndex
        while let b = bytes.first, b >= 0x30, b <= 0x39 { bytes = bytes.dropFirst() }
        let intDigits = Array(literal.utf8)[intStart..<bytes.startIndex]
        guard !intDigits.isEmpty, intDigits.count == 1 || intDigits.first != UInt8(ascii: "0") else { return nil }
        var fracDigits: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let start = bytes.startIndex
            while let b = bytes.first, b >= 0x30, b <= 0x39 { bytes = bytes.dropFirst() }
            fracDigits = Array(literal.utf8)[start..<bytes.startIndex]
            guard !fracDigits.isEmpty else { return nil }
        }
        var exp = 0
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var expNegative = false
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                expNegative = s == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty else { return nil }
            while let b = bytes.first, b >= 0x30, b <= 0x39 {
                // Exponents beyond ±10^15 are clamped: no number a register holds gets near them.
                if exp < 1_000_000_000_000_000 { exp = exp * 10 + Int(b - 0x30) }
                bytes = bytes.dropFirst()
            }
            if expNegative { exp = -exp }
        }
        guard bytes.isEmpty else { return nil }
        var all = Array(intDigits) + Array(fracDigits)
        var exponent = exp - fracDigits.count
        while let last = all.last, last == UInt8(ascii: "0") { all.removeLast(); exponent += 1 }
        let firstNonZero = all.firstIndex { $0 != UInt8(ascii: "0") } ?? all.endIndex
        all.removeSubrange(0..<firstNonZero)
        self.literal = literal
        if all.isEmpty {
            self.negative = false; self.digits = ""; self.exponent = 0
        } else {
            self.negative = negative
            self.digits = String(decoding: all, as: UTF8.self)
            self.exponent = exponent
        }
    }

    /// An integer, written in decimal.
    public init(_ value: Int64) {
        // A decimal integer is always a valid literal.
        self = JSONNumber(String(value))!
    }

    /// The value as an `Int64` when it is an integer in range (`2.0` counts), else nil.
    public var int64Value: Int64? {
        if digits.isEmpty { return 0 }
        guard exponent >= 0, digits.count + exponent <= 19 else { return nil }
        let text = (negative ? "-" : "") + digits + String(repeating: "0", count: exponent)
        return Int64(text)
    }

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
