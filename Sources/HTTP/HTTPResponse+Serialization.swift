extension HTTPResponse {
    /// Appends the response as wire bytes (RFC 9112 §4, §6): status line, the response's fields,
    /// then `Date`, `Content-Length` and `Connection` as the server decides, CRLF, and the body.
    ///
    /// Fields `Date`, `Content-Length`, `Connection` and `Transfer-Encoding` set by the caller are
    /// replaced, with one exception: for HEAD (`headRequest`) the body is not written, and a
    /// `Content-Length` set by the caller is kept (a handler may report the size of the GET body
    /// without producing it). 1xx and 204 responses carry no `Content-Length` and no body.
    /// - Parameters:
    ///   - date: the IMF-fixdate to send (the caller caches it per second).
    ///   - keepAlive: false adds `Connection: close`; `http10KeepAlive` adds `Connection: keep-alive`
    ///     for an HTTP/1.0 client that asked to persist.
    public func serialize(into out: inout [UInt8], date: String, headRequest: Bool = false,
                          keepAlive: Bool = true, http10KeepAlive: Bool = false) {
        // Constant pieces go in as `StaticString` buffers and strings through their contiguous
        // UTF-8: appending a `String.UTF8View` element by element cost more than the rest together.
        out.append("HTTP/1.1 ")
        let code = status.rawValue
        out.append(UInt8(48 + code / 100 % 10))
        out.append(UInt8(48 + code / 10 % 10))
        out.append(UInt8(48 + code % 10))
        out.append(ByteClass.space)
        out.appendUTF8(status.reasonPhrase)
        out.append("\r\n")
        let bodyless = code < 200 || code == 204
        var callerLength: String?
        for (name, value) in headers.fields {
            if name.caseInsensitiveEquals("content-length") {
                callerLength = value
                continue
            }
            if name.caseInsensitiveEquals("date") || name.caseInsensitiveEquals("connection")
                || name.caseInsensitiveEquals("transfer-encoding") {
                continue
            }
            Self.appendField(name, value, to: &out)
        }
        // The server formats the date itself: it needs no cleaning.
        out.append("Date: ")
        out.appendUTF8(date)
        out.append("\r\n")
        if !bodyless {
            out.append("Content-Length: ")
            if headRequest, let callerLength {
                Self.appendCleaned(callerLength, nul: true, to: &out)
            } else {
                Self.appendDecimal(body.count, to: &out)
            }
            out.append("\r\n")
        }
        if !keepAlive {
            out.append("Connection: close\r\n")
        } else if http10KeepAlive {
            out.append("Connection: keep-alive\r\n")
        }
        out.append("\r\n")
        if !headRequest && !bodyless {
            out.append(contentsOf: body)
        }
    }

    /// Writes one field line; CR and LF in a name or value are replaced by spaces so a handler
    /// can never split the response.
    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        appendCleaned(name, nul: false, to: &out)
        out.append(": ")
        appendCleaned(value, nul: true, to: &out)
        out.append("\r\n")
    }

    /// Appends `text` with CR and LF (and NUL if `nul`) replaced by spaces. Copied in one piece
    /// when there is nothing to replace, as for almost every field.
    private static func appendCleaned(_ text: String, nul: Bool, to out: inout [UInt8]) {
        func replaced(_ byte: UInt8) -> Bool { byte == 13 || byte == 10 || (nul && byte == 0) }
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where replaced(byte) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        guard copied != true else { return }
        for byte in text.utf8 { out.append(replaced(byte) ? ByteClass.space : byte) }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}

extension [UInt8] {
    /// Appends a constant's bytes in one copy.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends a string's UTF-8 in one copy (native strings are contiguous; others are copied
    /// byte by byte).
    @inline(__always)
    mutating func appendUTF8(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            append(contentsOf: Array(text.utf8))
        }
    }
}
