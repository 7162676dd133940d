// The request head: request line, field lines, and the framing decided from them.
extension HTTPRequestParser {
    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3).
    /// Exactly one SP between parts: a second space makes the target invalid (400).
    mutating func parseRequestLine(_ line: Range<Int>) throws(HTTPParseError) {
        if line.count > limits.requestLine {
            throw HTTPParseError(.uriTooLong, "request line longer than \(limits.requestLine) bytes")
        }
        guard let firstSpace = input[line].firstIndex(of: ByteClass.space) else {
            throw .bad("malformed request line")
        }
        let methodBytes = line.lowerBound..<firstSpace
        // RFC 9110 §9.1: method = token.
        guard !methodBytes.isEmpty, input[methodBytes].allSatisfy(ByteClass.isTchar) else {
            throw .bad("invalid method")
        }
        guard let secondSpace = input[(firstSpace + 1)..<line.upperBound].firstIndex(of: ByteClass.space) else {
            throw .bad("malformed request line")
        }
        let version = try parseVersion(input[(secondSpace + 1)..<line.upperBound])
        let targetBytes = (firstSpace + 1)..<secondSpace
        guard !targetBytes.isEmpty, input[targetBytes].allSatisfy(ByteClass.isTargetByte) else {
            throw .bad("invalid request target")
        }
        let method = HTTPMethod(rawValue: input.string(methodBytes, knownAs: .methods))
        head.method = method
        head.version = version
        head.target = try reduceTarget(input.string(targetBytes), method: method)
    }

    /// HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
    /// Well-formed but other than 1.0 or 1.1 is 505; anything else is 400.
    private func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        // Byte by byte rather than against an array of "HTTP/": nothing is allocated per request.
        guard bytes.count == 8 else { throw .bad("malformed HTTP version") }
        let start = bytes.startIndex
        guard bytes[start] == UInt8(ascii: "H"), bytes[start + 1] == UInt8(ascii: "T"),
              bytes[start + 2] == UInt8(ascii: "T"), bytes[start + 3] == UInt8(ascii: "P"),
              bytes[start + 4] == UInt8(ascii: "/") else { throw .bad("malformed HTTP version") }
        let base = bytes.startIndex
        let major = bytes[base + 5], dot = bytes[base + 6], minor = bytes[base + 7]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(major), dot == UInt8(ascii: "."), digits.contains(minor) else {
            throw .bad("malformed HTTP version")
        }
        let version = HTTPVersion(major: Int(major - 48), minor: Int(minor - 48))
        guard version == .http1_1 || version == .http1_0 else {
            throw HTTPParseError(.httpVersionNotSupported, "\(version) is not supported")
        }
        return version
    }

    /// RFC 9112 §3.2: origin-form as is; absolute-form reduced to path and query (§3.2.2);
    /// asterisk-form only for OPTIONS (§3.2.4). Authority-form (CONNECT) is refused.
    private func reduceTarget(_ target: String, method: HTTPMethod) throws(HTTPParseError) -> String {
        if target.utf8.first == UInt8(ascii: "/") { return target }
        if target == "*" && method == .options { return target }
        let lower = target.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            let afterScheme = target.utf8.dropFirst(scheme.utf8.count)
            guard let pathStart = afterScheme.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
                return "/"
            }
            let rest = String(decoding: afterScheme[pathStart...], as: UTF8.self)
            return rest.utf8.first == UInt8(ascii: "?") ? "/" + rest : rest
        }
        throw .bad("invalid request target")
    }

    mutating func parseFieldLine(_ line: Range<Int>) throws(HTTPParseError) {
        head.headerBytes += line.count + 2
        if head.headerBytes > limits.headerSection {
            throw HTTPParseError(.requestHeaderFieldsTooLarge, "header section too large")
        }
        if head.headers.count >= limits.headerCount {
            throw HTTPParseError(.requestHeaderFieldsTooLarge, "more than \(limits.headerCount) header fields")
        }
        let (name, value) = try input.splitFieldLine(line)
        // Room for a typical request's fields at once, rather than growing the array field by field.
        if head.headers.count == 0 { head.headers.reserveCapacity(8) }
        head.headers.add(name: input.string(name, knownAs: .fieldNames), value: input.string(value))
    }

    /// Decides the framing once the head is complete (RFC 9112 §6.3) and moves to the body.
    /// Returns an event to hand out now, or nil to keep parsing.
    mutating func finishHead() throws(HTTPParseError) -> Event? {
        // One pass over the fields for the few that decide framing (they are rare on a GET, and
        // collecting each by name would build arrays for every request).
        var hosts = 0
        var transferEncodings: [String] = []
        // The first Content-Length apart: a request with a body has one, and an array for it would
        // be an allocation per request.
        var firstContentLength: String?
        var laterContentLengths: [String] = []
        var expectation: String?
        for field in head.headers.fields {
            switch field.name.utf8.count {
            case 4 where field.name.caseInsensitiveEquals("host"): hosts += 1
            case 6 where expectation == nil && field.name.caseInsensitiveEquals("expect"): expectation = field.value
            case 14 where field.name.caseInsensitiveEquals("content-length"):
                if firstContentLength == nil { firstContentLength = field.value } else { laterContentLengths.append(field.value) }
            case 17 where field.name.caseInsensitiveEquals("transfer-encoding"): transferEncodings.append(field.value)
            default: break
            }
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1; never more than one.
        if hosts > 1 || (hosts == 0 && head.version == .http1_1) { throw .bad("missing or repeated Host") }

        var chunked = false
        var length = 0
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1: Transfer-Encoding is not HTTP/1.0; with Content-Length it is a
            // smuggling attempt. Both are refused, and the connection closed.
            if head.version == .http1_0 { throw .bad("Transfer-Encoding in HTTP/1.0") }
            if firstContentLength != nil { throw .bad("both Transfer-Encoding and Content-Length") }
            let codings = Self.listElements(transferEncodings).map { element in
                String(element.prefix { $0 != ";" }).trimmingWhitespace().lowercased()
            }
            // RFC 9112 §6.3 item 4: a final coding other than chunked is 400; §7: chunked once.
            guard codings.last == "chunked" else { throw .bad("final transfer coding is not chunked") }
            if codings.dropLast().contains("chunked") { throw .bad("chunked applied twice") }
            if codings.count > 1 {
                throw HTTPParseError(.notImplemented, "transfer coding \(codings[0]) is not supported")
            }
            chunked = true
        } else if let firstContentLength {
            length = laterContentLengths.isEmpty
                ? try Self.contentLength(CollectionOfOne(firstContentLength), limit: limits.body)
                : try Self.contentLength([firstContentLength] + laterContentLengths, limit: limits.body)
        }

        // RFC 9110 §10.1.1: 100-continue is the only expectation; HTTP/1.0 requests ignore it.
        var expectsContinue = false
        if let expect = expectation, head.version == .http1_1 {
            guard expect.trimmingWhitespace().lowercased() == "100-continue" else {
                throw HTTPParseError(.expectationFailed, "unsupported expectation")
            }
            expectsContinue = true
        }

        let nothingBuffered = input.pendingCount == 0
        if chunked {
            state = .chunked(ChunkedBody())
        } else if length > 0 {
            state = .fixedBody(length)
        } else {
            return .request(complete())
        }
        return expectsContinue && nothingBuffered ? .continueExpected : nil
    }

    /// RFC 9110 §8.6: Content-Length = 1*DIGIT; a list or repeated field is accepted only when every
    /// value is the same (RFC 9112 §6.3 item 5). Values past `limit` (or past 64 bits) are 413.
    static func contentLength(_ values: some Collection<String>, limit: Int) throws(HTTPParseError) -> Int {
        // Byte by byte, with nothing allocated: every request with a body comes through here.
        var result: Int?
        func finish(_ value: Int, digits: Int) throws(HTTPParseError) {
            guard digits > 0 else { return }  // an empty list element (only OWS) is dropped
            if let result, result != value { throw .bad("differing Content-Length values") }
            result = value
        }
        for field in values {
            var value = 0, digits = 0, ended = false
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    // A space inside an element ("1 2") is not a number.
                    if ended { throw .bad("invalid Content-Length") }
                    let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 48))
                    if overflow1 || overflow2 {
                        throw HTTPParseError(.contentTooLarge, "body larger than \(limit) bytes")
                    }
                    value = sum
                    digits += 1
                case ByteClass.space, ByteClass.tab:
                    ended = digits > 0
                case UInt8(ascii: ","):
                    try finish(value, digits: digits)
                    value = 0
                    digits = 0
                    ended = false
                default:
                    throw .bad("invalid Content-Length")
                }
            }
            try finish(value, digits: digits)
        }
        guard let result else { throw .bad("empty Content-Length") }
        if result > limit { throw HTTPParseError(.contentTooLarge, "body larger than \(limit) bytes") }
        return result
    }

    /// The elements of comma-separated field values (RFC 9110 §5.6.1), empty ones dropped.
    static func listElements(_ values: [String]) -> [Substring] {
        values.flatMap { $0.split(separator: ",") }.filter { !$0.trimmingWhitespace().isEmpty }
    }
}

extension StringProtocol {
    /// Without leading and trailing SP and HTAB (OWS).
    func trimmingWhitespace() -> String {
        let bytes = Array(utf8)
        var lower = 0, upper = bytes.count
        while lower < upper, ByteClass.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, ByteClass.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
