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
        let code = status.rawValue
        let bodyless = code < 200 || code == 204
        let reason = status.reasonPhrase
        // The head is written into one scratch buffer and appended in one copy: appended piece by
        // piece to the array, it cost a dozen capacity checks per response, more than the rest.
        // Room for the fixed parts (status line, Date, Content-Length, Connection, CRLFs) and for
        // every field (cleaning replaces bytes one for one).
        var room = 96 + reason.utf8.count + date.utf8.count
        for (name, value) in headers.fields { room += name.utf8.count + value.utf8.count + 4 }
        withUnsafeTemporaryAllocation(byteCount: room, alignment: 1) { scratch in
            var head = HeadWriter(scratch)
            head.write("HTTP/1.1 ")
            head.write(UInt8(48 + code / 100 % 10))
            head.write(UInt8(48 + code / 10 % 10))
            head.write(UInt8(48 + code % 10))
            head.write(ByteClass.space)
            head.write(reason, cleaning: false)
            var callerLength: String?
            for (name, value) in headers.fields {
                // By length first: most fields (Content-Type, say) are then passed over at once.
                switch name.utf8.count {
                case 14 where name.caseInsensitiveEquals("content-length"):
                    callerLength = value
                    continue
                case 4 where name.caseInsensitiveEquals("date"),
                     10 where name.caseInsensitiveEquals("connection"),
                     17 where name.caseInsensitiveEquals("transfer-encoding"):
                    continue
                default:
                    // CR and LF in a name or value become spaces, so a handler can never split
                    // the response.
                    head.write("\r\n")
                    head.write(name, cleaning: true)
                    head.write(": ")
                    head.write(value, cleaning: true, nul: true)
                }
            }
            // The server formats the date itself: it needs no cleaning.
            head.write("\r\nDate: ")
            head.write(date, cleaning: false)
            if !bodyless {
                head.write("\r\nContent-Length: ")
                if headRequest, let callerLength {
                    head.write(callerLength, cleaning: true, nul: true)
                } else {
                    head.writeDecimal(body.count)
                }
            }
            if !keepAlive {
                head.write("\r\nConnection: close")
            } else if http10KeepAlive {
                head.write("\r\nConnection: keep-alive")
            }
            head.write("\r\n\r\n")
            out.append(contentsOf: head.written)
        }
        if !headRequest && !bodyless {
            out.append(contentsOf: body)
        }
    }
}

/// Writes bytes into a buffer sized beforehand; running past its end is a programming error.
private struct HeadWriter {
    let buffer: UnsafeMutableRawBufferPointer
    var count = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[0..<count]) }

    mutating func write(_ byte: UInt8) {
        precondition(count < buffer.count, "response head larger than its buffer")
        buffer[count] = byte
        count += 1
    }

    mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        precondition(count + bytes.count <= buffer.count, "response head larger than its buffer")
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (buffer.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Writes `text`; with `cleaning`, CR and LF (and NUL if `nul`) become spaces.
    mutating func write(_ text: String, cleaning: Bool, nul: Bool = false) {
        let start = count
        if text.utf8.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) == nil {
            for byte in text.utf8 { write(byte) }
        }
        guard cleaning else { return }
        for index in start..<count where buffer[index] == 13 || buffer[index] == 10 || (nul && buffer[index] == 0) {
            buffer[index] = ByteClass.space
        }
    }

    mutating func writeDecimal(_ value: Int) {
        let start = count
        var rest = value.magnitude
        repeat {
            write(UInt8(truncatingIfNeeded: 48 + rest % 10))
            rest /= 10
        } while rest > 0
        // Least significant digit first, then reversed in place.
        var low = start, high = count - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
    }
}
