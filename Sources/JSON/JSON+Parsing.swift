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

    /// The array whose elements `parse(_:streaming:maxDepth:each:)` hands out one at a time.
    public enum StreamTarget: Sendable, Hashable {
        /// The document itself, when it is an array.
        case topLevelArray
        /// The member with this key of the document, when the document is an object and the member an array.
        case member(String)
    }

    /// Parses a document, handing the elements of one big array to `each` as they are parsed
    /// instead of keeping them, so that a history of 10^6 operations never exists as one tree.
    ///
    /// `each` receives the element's position and value and returns false to stop: parsing then
    /// throws a `JSONError` whose reason is "stopped by the element handler" (the caller keeps its own
    /// reason). In the returned document the streamed array is empty. When the target is absent or
    /// is not an array, `each` is never called and the document is returned whole.
    public static func parse(
        _ bytes: some Collection<UInt8>, streaming target: StreamTarget, maxDepth: Int = defaultMaxDepth,
        each: (Int, JSON) -> Bool
    ) throws(JSONError) -> JSON {
        try withoutActuallyEscaping(each) { (handler) throws(JSONError) -> JSON in
            let result = bytes.withContiguousStorageIfAvailable { buffer -> Result<JSON, JSONError> in
                var parser = JSONParser(buffer, maxDepth: maxDepth)
                parser.streamTarget = target
                parser.handler = handler
                do throws(JSONError) {
                    return .success(try parser.parseDocument())
                } catch {
                    return .failure(error)
                }
            }
            if let result { return try result.get() }
            return try parse(Array(bytes), streaming: target, maxDepth: maxDepth, each: handler)
        }
    }

    /// Parses one JSON document from text; see `parse(_:maxDepth:)` for bytes.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSON {
        try parse(text.utf8, maxDepth: maxDepth)
    }
}
