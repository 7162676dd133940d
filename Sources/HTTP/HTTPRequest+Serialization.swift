extension HTTPRequest {
    /// Appends the request as wire bytes (RFC 9112 §3, §6), as a client sends it: request line,
    /// the request's fields, `Host` and `Content-Length`, CRLF, and the body.
    ///
    /// `Host` (RFC 9112 §3.2) is replaced by `host`; `Content-Length` is written for a non-empty body
    /// and for POST, PUT and PATCH (RFC 9110 §8.6: a request whose method defines a body says 0);
    /// caller fields `Host`, `Content-Length` and `Transfer-Encoding` are dropped. Bytes of the target
    /// that may not appear on the wire (spaces, controls, non-ASCII) are percent-encoded, and CR, LF
    /// and NUL in fields become spaces, so a caller can never split the request.
    public func serialize(into out: inout [UInt8], host: String) {
        for byte in method.rawValue.utf8 where ByteClass.isTchar(byte) { out.append(byte) }
        out.append(ByteClass.space)
        if target.isEmpty { out.append(UInt8(ascii: "/")) }
        for byte in target.utf8 {
            if ByteClass.isTargetByte(byte) {
                out.append(byte)
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        out.append(contentsOf: " HTTP/1.1\r\n".utf8)
        Self.appendField("Host", host, to: &out)
        for (name, value) in headers.fields {
            if name.caseInsensitiveEquals("host") || name.caseInsensitiveEquals("content-length")
                || name.caseInsensitiveEquals("transfer-encoding") {
                continue
            }
            Self.appendField(name, value, to: &out)
        }
        if !body.isEmpty || method == .post || method == .put || method == .patch {
            Self.appendField("Content-Length", String(body.count), to: &out)
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: body)
    }

    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        for byte in name.utf8 where ByteClass.isTchar(byte) { out.append(byte) }
        out.append(contentsOf: ": ".utf8)
        for byte in value.utf8 { out.append(byte == 13 || byte == 10 || byte == 0 ? ByteClass.space : byte) }
        out.append(contentsOf: "\r\n".utf8)
    }
}
