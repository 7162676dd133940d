/// Decodes a body in the chunked transfer coding (RFC 9112 §7.1), for both parsers: chunk sizes
/// and data, then the trailer section, whose fields are checked for syntax and dropped (§7.1.2).
struct ChunkedBody: Sendable, Equatable {
    enum Part: Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    /// What `decode` got to.
    enum Progress: Equatable {
        /// The last chunk and the trailer section are in: the body is complete.
        case done
        /// Out of bytes; `place` says where ("in chunk data"), for "connection closed in chunk data".
        case needMoreData(place: String)
    }

    /// The longest chunk-size line (size and extensions) accepted.
    static let maxLine = 4096

    private(set) var part = Part.size
    /// Bytes of trailer lines so far, CRLFs included.
    private var trailerBytes = 0

    /// Consumes from `input` what it can, appending chunk data to `body`.
    /// - Throws: a malformed chunk (400), a body past `limits.body` (413), a trailer section past
    ///   `limits.headerSection` (431).
    mutating func decode(
        _ input: inout MessageBuffer, into body: inout [UInt8], limits: Limits
    ) throws(HTTPParseError) -> Progress {
        while true {
            switch part {
            case .size:
                guard let line = try input.takeLine() else {
                    // The pending bytes may end in the line's CR, which is not part of the line.
                    if input.pendingCount > Self.maxLine + 1 { throw .bad("chunk-size line too long") }
                    return .needMoreData(place: "in a chunk-size line")
                }
                let size = try Self.size(of: line, in: input)
                if size > limits.body - body.count {
                    throw HTTPParseError(.contentTooLarge, "body larger than \(limits.body) bytes")
                }
                part = size == 0 ? .trailers : .data(remaining: size)

            case .data(let remaining):
                guard input.pendingCount > 0 else { return .needMoreData(place: "in chunk data") }
                let count = min(input.pendingCount, remaining)
                input.move(count, to: &body)
                part = count == remaining ? .dataEnd : .data(remaining: remaining - count)

            case .dataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF.
                let available = input.pendingCount
                if available >= 1, input[input.start] != ByteClass.cr { throw .bad("chunk not followed by CRLF") }
                guard available >= 2 else { return .needMoreData(place: "after chunk data") }
                guard input[input.start + 1] == ByteClass.lf else { throw .bad("chunk not followed by CRLF") }
                input.consume(2)
                part = .size

            case .trailers:
                guard let line = try input.takeLine() else {
                    if input.pendingLineCost + trailerBytes > limits.headerSection { throw trailersTooLarge(limits) }
                    return .needMoreData(place: "in the trailer section")
                }
                if line.isEmpty { return .done }
                trailerBytes += line.count + 2
                if trailerBytes > limits.headerSection { throw trailersTooLarge(limits) }
                _ = try input.splitFieldLine(line)
            }
        }
    }

    private func trailersTooLarge(_ limits: Limits) -> HTTPParseError {
        HTTPParseError(.requestHeaderFieldsTooLarge, "trailer section larger than \(limits.headerSection) bytes")
    }

    /// chunk-size [ chunk-ext ] (RFC 9112 §7.1.1): the size, with extensions checked and ignored.
    private static func size(of line: Range<Int>, in input: MessageBuffer) throws(HTTPParseError) -> Int {
        // The same bound as for a line still arriving, so a long line is refused however it is split.
        if line.count > maxLine { throw .bad("chunk-size line too long") }
        var index = line.lowerBound
        var size = 0
        while index < line.upperBound, let digit = ByteClass.hexValue(input[index]) {
            if size > (Int.max >> 4) { throw HTTPParseError(.contentTooLarge, "chunk too large") }
            size = size << 4 | digit
            index += 1
        }
        guard index > line.lowerBound else { throw .bad("invalid chunk size") }
        if index < line.upperBound {
            var rest = index
            while rest < line.upperBound, ByteClass.isWhitespace(input[rest]) { rest += 1 }
            guard rest < line.upperBound, input[rest] == UInt8(ascii: ";"),
                  input[rest..<line.upperBound].allSatisfy(ByteClass.isFieldValueByte) else {
                throw .bad("invalid chunk extension")
            }
        }
        return size
    }
}
