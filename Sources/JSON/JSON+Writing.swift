extension JSON {
    /// The document as compact (or, with `pretty`, indented) JSON text.
    ///
    /// Strings are escaped per RFC 8259 §7, and `<`, `>`, `&`, U+2028 and U+2029 are written as
    /// `\u` escapes too, so the text can be embedded in an HTML `<script>` element or attribute.
    /// Numbers are written as their literal; object members in their order.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 bytes of `serialized(pretty:)`.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.bytes
    }
}

/// Appends JSON text to a byte buffer: the engine of `JSON.serialized`, public so that large
/// documents (a history of 10^6 operations) can be streamed piece by piece without building a `JSON`.
public struct JSONWriter: Sendable {
    /// The text written so far, UTF-8.
    public var bytes: [UInt8] = []
    /// Indent nested values by two spaces, one member or element per line.
    public var pretty: Bool
    private var depth = 0

    public init(pretty: Bool = false) {
        self.pretty = pretty
    }

    /// Writes a whole value.
    public mutating func write(_ json: JSON) {
        switch json {
        case .null: writeRaw("null")
        case let .bool(b): writeRaw(b ? "true" : "false")
        case let .number(n): writeNumber(n)
        case let .string(s): writeString(s)
        case let .array(elements):
            guard !elements.isEmpty else { writeRaw("[]"); return }
            bytes.append(UInt8(ascii: "["))
            depth += 1
            for (k, element) in elements.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                write(element)
            }
            depth -= 1
            newline()
            bytes.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { writeRaw("{}"); return }
            bytes.append(UInt8(ascii: "{"))
            depth += 1
            for (k, member) in members.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(UInt8(ascii: " ")) }
                write(member.value)
            }
            depth -= 1
            newline()
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a number's literal.
    public mutating func writeNumber(_ number: JSONNumber) {
        bytes.append(contentsOf: number.literal.utf8)
    }

    /// Writes an integer.
    public mutating func writeInteger(_ value: Int64) {
        // Into a stack buffer from the last digit back, then appended in one copy: making a
        // `String` of it first cost several times as much, and every operation's response has two.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var rest = value.magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Writes text as is: the caller guarantees it is valid JSON syntax (punctuation, literals).
    public mutating func writeRaw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes a quoted, escaped string (RFC 8259 §7, plus the HTML-safe escapes).
    public mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            switch b {
            case UInt8(ascii: "\""): writeRaw("\\\"")
            case UInt8(ascii: "\\"): writeRaw("\\\\")
            case 0x0A: writeRaw("\\n")
            case 0x0D: writeRaw("\\r")
            case 0x09: writeRaw("\\t")
            case 0x08: writeRaw("\\b")
            case 0x0C: writeRaw("\\f")
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                writeUnicodeEscape(UInt16(b))
            case 0xE2:
                // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR are E2 80 A8 / E2 80 A9.
                let next = utf8.index(after: i)
                if next != utf8.endIndex, utf8[next] == 0x80 {
                    let third = utf8.index(after: next)
                    if third != utf8.endIndex, utf8[third] == 0xA8 || utf8[third] == 0xA9 {
                        writeUnicodeEscape(utf8[third] == 0xA8 ? 0x2028 : 0x2029)
                        i = utf8.index(after: third)
                        continue
                    }
                }
                bytes.append(b)
            default:
                bytes.append(b)
            }
            i = utf8.index(after: i)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeUnicodeEscape(_ unit: UInt16) {
        let digits: StaticString = "0123456789abcdef"
        writeRaw("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(digits.utf8Start[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}
