/// Why a JSON document could not be parsed, and where.
///
/// `line` and `column` count from 1; `column` counts Unicode scalars from the start of the line,
/// and `offset` counts bytes from the start of the document.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the offending input.
    public var offset: Int
    public var line: Int
    public var column: Int
    /// A plain sentence without the position, e.g. "expected ',' or '}' after object member".
    public var reason: String

    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// "expected ',' or '}' after object member at line 3, column 14".
    public var description: String { "\(reason) at line \(line), column \(column)" }
}
