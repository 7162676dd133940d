/// A hand-written recursive-descent scanner over contiguous UTF-8 (RFC 8259).
///
/// Works on an `UnsafeBufferPointer` for speed: the caller keeps the buffer alive for the whole parse
/// (`JSON.parse` runs it inside `withContiguousStorageIfAvailable`).
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    /// Which array's elements go to `handler` instead of into the tree (see `JSON.parse(_:streaming:…)`).
    var streamTarget: JSON.StreamTarget? = nil
    var handler: ((Int, JSON) -> Bool)? = nil

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONError) -> JSON {
        skipWhitespace()
        let value: JSON
        if case .topLevelArray = streamTarget, peek == UInt8(ascii: "[") {
            value = try parseStreamedArray(depth: 1)
        } else {
            value = try parseValue(depth: 0)
        }
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(found) after the end of the document") }
        return value
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(JSONError) -> JSON {
        guard index < bytes.count else { throw error("expected a value, found end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value, found \(found)")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONError) -> JSON {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1  // '{'
        skipWhitespace()
        var members: [(key: String, value: JSON)] = []
        if peek == UInt8(ascii: "}") { index += 1; return .object(members) }
        // Small objects are checked for duplicates by a scan; large ones switch to a set.
        var seen: Set<String>? = nil
        while true {
            guard peek == UInt8(ascii: "\"") else {
                throw error(members.isEmpty ? "expected a string key or '}', found \(found)" : "expected a string key after ',', found \(found)")
            }
            let keyOffset = index
            let key = try parseString()
            let duplicate: Bool
            if seen != nil {
                duplicate = seen?.insert(key).inserted == false
            } else {
                duplicate = members.contains { $0.key == key }
                if members.count >= 16 { seen = Set(members.map(\.key) + [key]) }
            }
            if duplicate { throw error("duplicate key \(quoted(key)) in object", at: keyOffset) }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':' after object key, found \(found)") }
            index += 1
            skipWhitespace()
            let value: JSON
            if depth == 1, case .member(key) = streamTarget, peek == UInt8(ascii: "[") {
                value = try parseStreamedArray(depth: depth + 1)
            } else {
                value = try parseValue(depth: depth)
            }
            members.append((key, value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw error("expected ',' or '}' after object member, found \(found)")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONError) -> JSON {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1  // '['
        skipWhitespace()
        var elements: [JSON] = []
        if peek == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw error("expected ',' or ']' after array element, found \(found)")
            }
        }
    }

    /// Parses an array whose elements go one by one to `handler`; the tree keeps an empty array.
    private mutating func parseStreamedArray(depth: Int) throws(JSONError) -> JSON {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        let handler = self.handler
        index += 1  // '['
        skipWhitespace()
        if peek == UInt8(ascii: "]") { index += 1; return .array([]) }
        var position = 0
        while true {
            let element = try parseValue(depth: depth)
            if let handler, !handler(position, element) {
                throw error("stopped by the element handler")
            }
            position += 1
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "]"): index += 1; return .array([])
            default: throw error("expected ',' or ']' after array element, found \(found)")
            }
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let wordBytes = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for k in 0..<count {
            guard start + k < bytes.count, bytes[start + k] == wordBytes[k] else {
                throw error("invalid literal, expected '\(word)'", at: start)
            }
        }
        index = start + count
    }

    // MARK: Numbers (RFC 8259 §6)

    private mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard isDigit(peek) else { throw error("expected a digit after '-', found \(found)") }
        if peek == UInt8(ascii: "0") {
            index += 1
            if isDigit(peek) { throw error("leading zeros are not allowed in numbers") }
        } else {
            while isDigit(peek) { index += 1 }
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard isDigit(peek) else { throw error("expected a digit after '.', found \(found)") }
            while isDigit(peek) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek) else { throw error("expected a digit in the exponent, found \(found)") }
            while isDigit(peek) { index += 1 }
        }
        return JSONNumber(validatedLiteral: UnsafeBufferPointer(rebasing: bytes[start..<index]))
    }

    // MARK: Strings (RFC 8259 §7)

    private mutating func parseString() throws(JSONError) -> String {
        let open = index
        index += 1  // '"'
        let start = index
        var ascii = true
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: text, as: UTF8.self) }
                guard let string = String(validating: text, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: open)
                }
                return string
            }
            if b == UInt8(ascii: "\\") { return try parseEscapedString(open: open, start: start) }
            if b < 0x20 { throw error("control character \(hex(b)) must be escaped in a string") }
            if b >= 0x80 { ascii = false }
            index += 1
        }
        throw error("unterminated string", at: open)
    }

    /// The slow path, from the first backslash on.
    private mutating func parseEscapedString(open: Int, start: Int) throws(JSONError) -> String {
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: out, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: open)
                }
                return string
            case UInt8(ascii: "\\"):
                let escape = index
                index += 1
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    var scalar = UInt32(unit)
                    if (0xD800...0xDBFF).contains(unit) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("lone surrogate \\u\(hex16(unit)) (a high surrogate must be followed by a low one)", at: escape)
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("lone surrogate \\u\(hex16(unit)) (followed by \\u\(hex16(low)), not a low surrogate)", at: escape)
                        }
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw error("lone surrogate \\u\(hex16(unit)) (a low surrogate without a high one)", at: escape)
                    }
                    appendUTF8(scalar, to: &out)
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: escape)
                }
            default:
                if b < 0x20 { throw error("control character \(hex(b)) must be escaped in a string") }
                out.append(b)
                index += 1
            }
        }
        throw error("unterminated string", at: open)
    }

    private mutating func hex4() throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("expected 4 hex digits after \\u, found end of input") }
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw error("expected 4 hex digits after \\u, found \(found)")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    // MARK: Helpers

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    /// RFC 8259 §2: the four insignificant whitespace bytes.
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The byte at `index`, described for an error message.
    private var found: String {
        guard let b = peek else { return "end of input" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte \(hex(b))"
    }

    private func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
    }

    private func hex16(_ unit: UInt16) -> String {
        let text = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    private func quoted(_ key: String) -> String {
        JSON.string(key).serialized()
    }

    /// An error at `offset` (default: the current byte), with its line and column.
    private func error(_ reason: String, at offset: Int? = nil) -> JSONError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var column = 1
        for k in 0..<offset {
            let b = bytes[k]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1  // continuation bytes belong to the scalar before them
            }
        }
        return JSONError(offset: offset, line: line, column: column, reason: reason)
    }
}
