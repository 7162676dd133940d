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
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        let code = status.rawValue
        out.append(UInt8(48 + code / 100 % 10))
        out.append(UInt8(48 + code / 10 % 10))
        out.append(UInt8(48 + code % 10))
        out.append(ByteClass.space)
        out.append(contentsOf: status.reasonPhrase.utf8)
        out.append(contentsOf: "\r\n".utf8)
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
        Self.appendField("Date", date, to: &out)
        if !bodyless {
            out.append(contentsOf: "Content-Length: ".utf8)
            if headRequest, let callerLength {
                out.append(contentsOf: callerLength.utf8)
            } else {
                Self.appendDecimal(body.count, to: &out)
            }
            out.append(contentsOf: "\r\n".utf8)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10KeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if !headRequest && !bodyless {
            out.append(contentsOf: body)
        }
    }

    /// Writes one field line; CR and LF in a name or value are replaced by spaces so a handler
    /// can never split the response.
    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        appendCleaned(name, nul: false, to: &out)
        out.append(contentsOf: ": ".utf8)
        appendCleaned(value, nul: true, to: &out)
        out.append(contentsOf: "\r\n".utf8)
    }

    /// Appends `text` with CR and LF (and NUL if `nul`) replaced by spaces. Copied in one piece
    /// when there is nothing to replace, as for almost every field.
    private static func appendCleaned(_ text: String, nul: Bool, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            func replaced(_ byte: UInt8) -> Bool { byte == 13 || byte == 10 || (nul && byte == 0) }
            if !bytes.contains(where: replaced) {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes { out.append(replaced(byte) ? ByteClass.space : byte) }
        }
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
