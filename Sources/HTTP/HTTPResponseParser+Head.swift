// The response head: status line, field lines, and the framing decided from them.
extension HTTPResponseParser {
    /// status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4).
    /// The SP after the code is required by the grammar; a line that ends right after the code is
    /// accepted as well, as §4 asks recipients to be lenient about the reason phrase.
    mutating func parseStatusLine(_ line: Range<Int>) throws(HTTPResponseParseError) {
        if line.count > limits.requestLine {
            throw HTTPResponseParseError("status line longer than \(limits.requestLine) bytes")
        }
        let bytes = input[line]
        let base = line.lowerBound
        let prefix: [UInt8] = Array("HTTP/".utf8)
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        // HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
        guard bytes.count >= 12, bytes.starts(with: prefix), digits.contains(input[base + 5]),
              input[base + 6] == UInt8(ascii: "."), digits.contains(input[base + 7]) else {
            throw HTTPResponseParseError("malformed status line")
        }
        let version = HTTPVersion(major: Int(input[base + 5] - 48), minor: Int(input[base + 7] - 48))
        guard version.major == 1 else { throw HTTPResponseParseError("\(version) is not supported") }
        guard input[base + 8] == ByteClass.space else { throw HTTPResponseParseError("malformed status line") }
        // status-code = 3DIGIT (RFC 9110 §15): 100 to 599.
        let code = input[(base + 9)..<(base + 12)]
        guard code.allSatisfy({ digits.contains($0) }) else { throw HTTPResponseParseError("invalid status code") }
        let status = code.reduce(0) { $0 * 10 + Int($1 - 48) }
        guard (100...599).contains(status) else { throw HTTPResponseParseError("invalid status code \(status)") }
        if line.count > 12 {
            // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ), after one SP.
            guard input[base + 12] == ByteClass.space,
                  input[(base + 13)..<line.upperBound].allSatisfy(ByteClass.isFieldValueByte) else {
                throw HTTPResponseParseError("malformed reason phrase")
            }
        }
        head.version = version
        head.status = HTTPStatus(rawValue: status)
    }

    mutating func parseFieldLine(_ line: Range<Int>) throws(HTTPResponseParseError) {
        head.headerBytes += line.count + 2
        if head.headerBytes > limits.headerSection {
            throw HTTPResponseParseError("header section larger than \(limits.headerSection) bytes")
        }
        if head.headers.count >= limits.headerCount {
            throw HTTPResponseParseError("more than \(limits.headerCount) header fields")
        }
        let (name, value) = try framing { () throws(HTTPParseError) in try input.splitFieldLine(line) }
        head.headers.add(name: input.string(name), value: input.string(value))
    }

    /// Decides the framing once the head is complete (RFC 9112 §6.3) and moves to the body.
    /// Returns the response when it has no body, nil to keep parsing.
    mutating func finishHead(requestMethod: HTTPMethod) throws(HTTPResponseParseError) -> Event? {
        let headers = head.headers
        let code = head.status.rawValue
        // RFC 9110 §15.2: interim responses precede the final one; drop them. 101 would hand the
        // connection to another protocol, which this client never asks for.
        if code < 200 {
            guard code != 101 else { throw HTTPResponseParseError("unexpected 101 Switching Protocols") }
            head = PartialHead()
            state = .statusLine
            return nil
        }

        // RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
        let options = headers.values(for: "connection")
        if head.version.minor >= 1 {
            head.keepAlive = !options.contains { HTTPHeaders.listContains($0, "close") }
        } else {
            head.keepAlive = options.contains { HTTPHeaders.listContains($0, "keep-alive") }
        }

        // RFC 9112 §6.3 item 1: no body after HEAD, and none in 204 or 304, whatever the fields say.
        if requestMethod == .head || code == 204 || code == 304 {
            return complete()
        }

        let transferEncodings = headers.values(for: "transfer-encoding")
        let contentLengths = headers.values(for: "content-length")
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.3 item 3: both fields "ought to be handled as an error" (response splitting).
            if !contentLengths.isEmpty {
                throw HTTPResponseParseError("both Transfer-Encoding and Content-Length")
            }
            let codings = HTTPRequestParser.listElements(transferEncodings).map { element in
                String(element.prefix { $0 != ";" }).trimmingWhitespace().lowercased()
            }
            guard codings.last == "chunked" else {
                // §6.3 item 4: a final coding other than chunked: the body runs until close. Codings
                // this client cannot undo (gzip and so on) would hand back encoded bytes: refuse them.
                throw HTTPResponseParseError("unsupported transfer coding \(codings.last ?? "")")
            }
            if codings.count > 1 { throw HTTPResponseParseError("unsupported transfer coding \(codings[0])") }
            state = .chunked(ChunkedBody())
            return nil
        }
        if !contentLengths.isEmpty {
            // §6.3 item 5: an invalid Content-Length in a response is an unrecoverable error.
            let length: Int
            do {
                length = try HTTPRequestParser.contentLength(contentLengths, limit: limits.body)
            } catch {
                throw HTTPResponseParseError(error.status == .contentTooLarge
                    ? "body larger than \(limits.body) bytes" : error.reason)
            }
            guard length > 0 else { return complete() }
            state = .fixedBody(length)
            return nil
        }
        // §6.3 item 8: no framing: the body is whatever arrives until the server closes.
        state = .untilClose
        return nil
    }
}
