extension JSON {
    /// The nesting depth `parse` accepts by default: deep enough for any real document, shallow
    /// enough that a hostile `[[[[…` cannot exhaust the stack.
    public static let defaultMaxDepth = 512

    /// Parses one JSON document (RFC 8259) from UTF-8 bytes.
    ///
    /// Strict: no comments, no trailing commas, no leading zeros, no bytes after the value but
    /// whitespace, no duplicate keys in an object, no invalid UTF-8, and no lone surrogate escapes
    /// (`"\uD800"` is an error rather than a silent U+FFFD, so what is stored is what was sent).
    /// Numbers keep their literal text (`JSONNumber`). A byte-order mark is not accepted (RFC 8259 §8.1).
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSON {
        let result = bytes.withContiguousStorageIfAvailable { buffer -> Result<JSON, JSONError> in
            var parser = JSONParser(buffer, maxDepth: maxDepth)
            do throws(JSONError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes), maxDepth: maxDepth)
    }

    /// Parses one JSON document from text; see `parse(_:maxDepth:)` for bytes.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSON {
        try parse(text.utf8, maxDepth: maxDepth)
    }
}
