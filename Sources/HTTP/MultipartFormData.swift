/// `multipart/form-data` bodies (RFC 7578), as an HTML upload form sends them.
public struct MultipartFormData: Sendable {
    public struct Part: Sendable {
        /// The `name` parameter of the part's `Content-Disposition`.
        public var name: String
        /// The `filename` parameter, when the part is a file.
        public var filename: String?
        public var contentType: String?
        public var body: [UInt8]
    }

    public var parts: [Part]

    /// The first part named `name`.
    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary of a `multipart/form-data` content type, or nil for other types.
    public static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingSpaces() }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Parses `body` split by `boundary`; nil when it is not a well-formed multipart body.
    public init?(body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard let first = body.firstRange(of: delimiter) else { return nil }
        var position = first.upperBound
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" ends the body; otherwise CRLF and a part follow.
            if body[position...].starts(with: [0x2D, 0x2D]) { break }
            guard body[position...].starts(with: [0x0D, 0x0A]) else { return nil }
            position += 2
            guard let headEnd = body[position...].firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A]) else { return nil }
            let head = String(decoding: body[position..<headEnd.lowerBound], as: UTF8.self)
            guard let end = body[headEnd.upperBound...].firstRange(of: separator) else { return nil }
            var part = Part(name: "", filename: nil, contentType: nil, body: Array(body[headEnd.upperBound..<end.lowerBound]))
            for line in head.split(separator: "\r\n") {
                let field = line.split(separator: ":", maxSplits: 1)
                guard field.count == 2 else { continue }
                let value = field[1].trimmingSpaces()
                switch field[0].lowercased() {
                case "content-disposition":
                    part.name = Self.parameter("name", in: value) ?? ""
                    part.filename = Self.parameter("filename", in: value)
                case "content-type":
                    part.contentType = value
                default:
                    continue
                }
            }
            parts.append(part)
            position = end.upperBound
        }
        self.parts = parts
    }

    /// A `key="value"` parameter of a header value.
    private static func parameter(_ key: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension ArraySlice where Element == UInt8 {
    func starts(with prefix: [UInt8]) -> Bool {
        count >= prefix.count && self.prefix(prefix.count).elementsEqual(prefix)
    }
}
