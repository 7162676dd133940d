import JSON

/// A small EDN reader: maps, vectors, lists, sets, keywords, symbols, strings with escapes,
/// integers (any size, `N` suffix), decimals (`M` suffix), floats, `nil`/`true`/`false`,
/// characters (read as one-character strings), `;` comments, commas as whitespace,
/// tagged literals (read as the tagged value) and `#_` discard.
struct EDNReader {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private let maxDepth = 512

    init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// Every top-level form, each with the line it starts on.
    mutating func readAll() throws(EDNError) -> [(value: EDNValue, line: Int)] {
        var forms: [(value: EDNValue, line: Int)] = []
        while true {
            skipSpace()
            guard index < bytes.count else { return forms }
            let startLine = line
            if let form = try readForm(depth: 0) { forms.append((form, startLine)) }
        }
    }

    // MARK: Forms

    /// The next form, or nil when it was discarded with `#_`.
    private mutating func readForm(depth: Int) throws(EDNError) -> EDNValue? {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        skipSpace()
        guard index < bytes.count else { throw error("expected a value, found end of input") }
        let b = bytes[index]
        switch b {
        case UInt8(ascii: "["): return .vector(try readSequence(until: UInt8(ascii: "]"), depth: depth))
        case UInt8(ascii: "("): return .list(try readSequence(until: UInt8(ascii: ")"), depth: depth))
        case UInt8(ascii: "{"): return try readMap(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: ":"):
            index += 1
            let name = readToken()
            guard !name.isEmpty else { throw error("expected a keyword name after ':'") }
            return .keyword(name)
        case UInt8(ascii: "\\"): return .string(try readCharacter())
        case UInt8(ascii: "#"):
            index += 1
            guard index < bytes.count else { throw error("expected a dispatch character after '#'") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return .set(try readSequence(until: UInt8(ascii: "}"), depth: depth))
            case UInt8(ascii: "_"):
                index += 1
                _ = try readForm(depth: depth + 1)
                return nil
            default:
                // A tag such as `inst` or `jepsen.history.Op`: read it as the value it tags.
                let tag = readToken()
                guard !tag.isEmpty else { throw error("unsupported dispatch '#\(describe(bytes[index]))'") }
                return try readRequiredForm(depth: depth + 1)
            }
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw error("unexpected '\(Character(Unicode.Scalar(b)))'")
        default:
            let token = readToken()
            guard !token.isEmpty else { throw error("unexpected \(describe(b))") }
            return try atom(token)
        }
    }

    private mutating func readRequiredForm(depth: Int) throws(EDNError) -> EDNValue {
        while true {
            if let form = try readForm(depth: depth) { return form }
        }
    }

    private mutating func readSequence(until close: UInt8, depth: Int) throws(EDNError) -> [EDNValue] {
        let openLine = line
        index += 1
        var items: [EDNValue] = []
        while true {
            skipSpace()
            guard index < bytes.count else {
                throw EDNError(reason: "unclosed '\(opening(close))' opened on line \(openLine)", line: line, column: column)
            }
            if bytes[index] == close { index += 1; return items }
            if let form = try readForm(depth: depth + 1) { items.append(form) }
        }
    }

    private mutating func readMap(depth: Int) throws(EDNError) -> EDNValue {
        let openLine = line
        let items = try readSequence(until: UInt8(ascii: "}"), depth: depth)
        guard items.count % 2 == 0 else {
            throw EDNError(reason: "a map needs an even number of forms (the map on line \(openLine) has \(items.count))", line: line, column: column)
        }
        var entries: [EDNMapEntry] = []
        entries.reserveCapacity(items.count / 2)
        for k in stride(from: 0, to: items.count, by: 2) {
            entries.append(EDNMapEntry(key: items[k], value: items[k + 1]))
        }
        return .map(entries, line: openLine)
    }

    // MARK: Atoms

    private func atom(_ token: String) throws(EDNError) -> EDNValue {
        switch token {
        case "nil": return .nil
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        let first = token.utf8.first ?? 0
        let second = token.utf8.dropFirst().first ?? 0
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if isDigit(first) || ((first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && isDigit(second)) {
            return .number(try number(token))
        }
        return .symbol(token)
    }

    /// EDN numbers in JSON syntax: `+1` → `1`, `12N` → `12`, `1.5M` → `1.5`, `1.` → `1.0`.
    private func number(_ token: String) throws(EDNError) -> JSONNumberText {
        var text = Substring(token)
        if text.hasPrefix("+") { text = text.dropFirst() }
        if text.hasSuffix("N") || text.hasSuffix("M") { text = text.dropLast() }
        var candidate = String(text)
        if JSONNumber(candidate) == nil {
            // Clojure also writes `1.`, `1.e5` and `007`-free forms JSON lacks; normalize the common ones.
            candidate = candidate.replacingDotBeforeExponentOrEnd()
        }
        guard JSONNumber(candidate) != nil else { throw error("unsupported number \(token)") }
        return JSONNumberText(text: candidate)
    }

    private mutating func readString() throws(EDNError) -> String {
        let openLine = line
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
                case UInt8(ascii: "u"):
                    let scalar = try hex4()
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
                }
            case 0x0A:
                out.append(b)
                line += 1
                lineStart = index
            default:
                out.append(b)
            }
        }
        throw EDNError(reason: "unterminated string opened on line \(openLine)", line: line, column: column)
    }

    private mutating func hex4() throws(EDNError) -> Unicode.Scalar {
        guard index + 4 <= bytes.count,
            let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw error("expected 4 hex digits after \\u") }
        index += 4
        // Surrogate halves (and other non-scalars) become U+FFFD: EDN strings rarely carry them.
        return Unicode.Scalar(code) ?? "\u{FFFD}"
    }

    /// `\a`, `\newline`, `\space`, `\tab`, `\return`, `\uXXXX`: a one-character string.
    private mutating func readCharacter() throws(EDNError) -> String {
        index += 1
        guard index < bytes.count else { throw error("expected a character after '\\'") }
        let start = index
        index += 1
        // A character token runs until a delimiter; the first byte is taken whatever it is.
        while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        switch token {
        case "newline": return "\n"
        case "space": return " "
        case "tab": return "\t"
        case "return": return "\r"
        case "backspace": return "\u{08}"
        case "formfeed": return "\u{0C}"
        default:
            if token.count == 1 { return token }
            if token.hasPrefix("u"), token.utf8.count == 5, let code = UInt32(token.dropFirst(), radix: 16), let scalar = Unicode.Scalar(code) {
                return String(Character(scalar))
            }
            throw error("unsupported character \\\(token)")
        }
    }

    // MARK: Scanning

    private mutating func readToken() -> String {
        let start = index
        while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: ","), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: ";"):
            return true
        default:
            return false
        }
    }

    /// Whitespace, commas and `;` comments.
    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case 0x20, 0x09, 0x0D, 0x0C, UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: ";"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            default:
                return
            }
        }
    }

    private var column: Int {
        var column = 1
        for k in lineStart..<min(index, bytes.count) where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    private func opening(_ close: UInt8) -> String {
        switch close {
        case UInt8(ascii: "]"): return "["
        case UInt8(ascii: ")"): return "("
        default: return "{"
        }
    }

    private func describe(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte \(b)"
    }

    private func error(_ reason: String) -> EDNError {
        EDNError(reason: reason, line: line, column: column)
    }
}

extension String {
    /// `1.` → `1.0`, `1.e5` → `1.0e5`: Clojure float spellings JSON lacks.
    fileprivate func replacingDotBeforeExponentOrEnd() -> String {
        var out = ""
        var previous: Character?
        for c in self {
            if previous == ".", !c.isNumber { out.append("0") }
            out.append(c)
            previous = c
        }
        if previous == "." { out.append("0") }
        return out
    }
}
