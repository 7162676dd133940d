/// The bytes of a connection's incoming messages, consumed from the front a line or a run at a
/// time: what the request and the response parser share.
struct MessageBuffer: Sendable {
    private(set) var bytes: [UInt8] = []
    /// The first byte not yet consumed.
    private(set) var start = 0
    /// Where the search for the end of the current line resumes, so each byte is scanned once.
    private var scan = 0

    /// Bytes received and not yet consumed.
    var pendingCount: Int { bytes.count - start }

    subscript(index: Int) -> UInt8 { bytes[index] }

    subscript(range: Range<Int>) -> ArraySlice<UInt8> { bytes[range] }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The bytes in `range` as a string: one of `known` when they spell it exactly (case
    /// included), which makes no new string, else a new one.
    func string(_ range: Range<Int>, knownAs known: KnownTokens) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            let candidate = UnsafeBufferPointer(rebasing: buffer[range])
            for token in known.tokens where token.bytes.count == candidate.count {
                if token.bytes.withUnsafeBufferPointer({ $0.elementsEqual(candidate) }) { return token.string }
            }
            return String(decoding: candidate, as: UTF8.self)
        }
    }

    mutating func append(_ received: UnsafeRawBufferPointer) {
        compact()
        bytes.append(contentsOf: received)
    }

    mutating func append(contentsOf received: some Sequence<UInt8>) {
        compact()
        bytes.append(contentsOf: received)
    }

    /// The next complete line without its CRLF, consumed; nil if its end has not arrived.
    /// RFC 9112 §2.2: lines end in CRLF; a bare LF (or a CR not followed by LF) is refused.
    mutating func takeLine() throws(HTTPParseError) -> Range<Int>? {
        let from = scan, end = bytes.count
        let lf: Int? = bytes.withUnsafeBufferPointer { bytes in
            var index = from
            while index < end {
                if bytes[index] == ByteClass.lf { return index }
                index += 1
            }
            return nil
        }
        guard let lf else {
            scan = end
            return nil
        }
        guard lf > start, bytes[lf - 1] == ByteClass.cr else { throw .bad("line ended by a bare LF") }
        let line = start..<(lf - 1)
        start = lf + 1
        scan = start
        return line
    }

    /// At least what the line still arriving will add to its section: its pending bytes (its CRLF
    /// adds more). A lone CR may begin the empty line that ends the section, which adds nothing, so a
    /// section exactly at the limit is accepted however its final CRLF is split.
    var pendingLineCost: Int {
        if pendingCount == 1 && bytes[start] == ByteClass.cr { return 0 }
        return pendingCount
    }

    mutating func consume(_ count: Int) {
        start += count
        scan = start
    }

    /// The next `count` bytes, consumed.
    mutating func take(_ count: Int) -> [UInt8] {
        defer { consume(count) }
        return Array(bytes[start..<(start + count)])
    }

    /// Consumes the next `count` bytes onto the end of `body`.
    mutating func move(_ count: Int, to body: inout [UInt8]) {
        body.append(contentsOf: bytes[start..<(start + count)])
        consume(count)
    }

    /// Drops consumed bytes; keeps a small buffer's capacity, releases a large one.
    mutating func compact() {
        if start == bytes.count {
            guard start > 0 else { return }
            bytes.removeAll(keepingCapacity: bytes.capacity <= 64 * 1024)
            start = 0
            scan = 0
        } else if start >= 64 * 1024 && start * 2 > bytes.count {
            bytes.removeSubrange(0..<start)
            scan -= start
            start = 0
        }
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5), name and trimmed value.
    func splitFieldLine(_ line: Range<Int>) throws(HTTPParseError) -> (name: Range<Int>, value: Range<Int>) {
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is refused.
        if ByteClass.isWhitespace(bytes[line.lowerBound]) { throw .bad("obsolete line folding") }
        guard let colon = bytes[line].firstIndex(of: ByteClass.colon) else { throw .bad("field line without colon") }
        let name = line.lowerBound..<colon
        // RFC 9112 §5.1: no whitespace between name and colon; RFC 9110 §5.1: name = token.
        guard !name.isEmpty, bytes[name].allSatisfy(ByteClass.isTchar) else { throw .bad("invalid field name") }
        var lower = colon + 1, upper = line.upperBound
        while lower < upper, ByteClass.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, ByteClass.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        // RFC 9110 §5.5: CR, LF and NUL (and other controls) are invalid in a value.
        guard bytes[lower..<upper].allSatisfy(ByteClass.isFieldValueByte) else {
            throw .bad("invalid character in field value")
        }
        return (name, lower..<upper)
    }
}

/// Tokens that most requests carry (methods, field names), kept as strings made once: a request
/// then makes no string for them, only for what varies.
struct KnownTokens: Sendable {
    let tokens: [(bytes: [UInt8], string: String)]

    init(_ strings: [String]) {
        tokens = strings.map { (Array($0.utf8), $0) }
    }

    static let methods = KnownTokens(["GET", "PUT", "POST", "HEAD", "DELETE", "OPTIONS", "PATCH"])
    static let fieldNames = KnownTokens([
        "Host", "Content-Length", "Content-Type", "User-Agent", "Accept", "Connection", "Authorization",
        "Expect", "Transfer-Encoding", "host", "content-length", "content-type", "user-agent", "accept",
    ])
}
