extension HTTPRequest {
    /// The percent-decoded path of the target, without the query (RFC 3986 §3.3).
    /// Invalid escapes are kept as written; decoded bytes that are not UTF-8 become U+FFFD.
    public var path: String {
        // Over the contiguous UTF-8 of the target: String.UTF8View's own searches step index by index.
        var target = target
        let decoded = target.withUTF8 { bytes -> String? in
            var end = bytes.count
            var escaped = false
            for index in bytes.indices {
                if bytes[index] == UInt8(ascii: "?") {
                    end = index
                    break
                }
                if bytes[index] == UInt8(ascii: "%") { escaped = true }
            }
            // The usual case needs no copy: nothing to cut and nothing to decode.
            if end == bytes.count && !escaped { return nil }
            return PercentDecoding.decode(UnsafeBufferPointer(rebasing: bytes[..<end]), plusAsSpace: false)
        }
        return decoded ?? target
    }

    /// The raw (still encoded) query after `?`, or nil if there is none.
    public var rawQuery: String? {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return String(decoding: target.utf8[target.utf8.index(after: mark)...], as: UTF8.self)
    }

    /// The query parameters in order, percent-decoded with `+` as space
    /// (application/x-www-form-urlencoded). A parameter without `=` has an empty value.
    public var query: [(name: String, value: String)] {
        var target = target
        return target.withUTF8 { bytes in
            guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return [] }
            let queryBytes = UnsafeBufferPointer(rebasing: bytes[(mark + 1)...])
            return queryBytes.split(separator: UInt8(ascii: "&")).map { pair in
                let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                let name = PercentDecoding.decode(parts[0], plusAsSpace: true)
                let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusAsSpace: true) : ""
                return (name, value)
            }
        }
    }

    /// The first value of query parameter `name`, or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// Percent-decoding (RFC 3986 §2.1).
enum PercentDecoding {
    static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%"), index + 2 < input.count,
               let high = ByteClass.hexValue(input[index + 1]), let low = ByteClass.hexValue(input[index + 2]) {
                output.append(UInt8(high << 4 | low))
                index += 3
                continue
            }
            output.append(plusAsSpace && byte == UInt8(ascii: "+") ? ByteClass.space : byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
