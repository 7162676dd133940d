import Histories

/// A fragment of HTML markup whose every interpolated string has been escaped.
///
/// Markup can only come from string literals in this module's source (`StaticString`); anything
/// interpolated as a `String`, `Label` or `Value` is escaped for text and attribute contexts alike,
/// so a fragment can carry user input only in escaped form. Integers are written as digits.
///
/// ```swift
/// let cell: HTML = "<td title=\"\(name)\">\(name)</td>"   // name escaped twice over, safely
/// ```
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup text.
    public private(set) var text: String

    /// An empty fragment.
    public init() { text = "" }

    public init(stringLiteral value: StaticString) {
        text = value.description
    }

    public init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
    }

    public var description: String { text }

    /// Markup taken as is. Only for text this module has made safe for where it goes (see
    /// `PageDocument`'s inline stylesheet); never for user input.
    init(verbatim text: String) {
        self.text = text
    }

    /// Appends another fragment.
    public mutating func append(_ other: HTML) {
        text += other.text
    }

    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.append(rhs)
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// Joins fragments with a literal separator.
    public static func joined(_ parts: some Sequence<HTML>, separator: StaticString = "") -> HTML {
        var result = HTML()
        var first = true
        for part in parts {
            if !first { result.text += separator.description }
            first = false
            result.text += part.text
        }
        return result
    }

    /// Builds the markup of an interpolated literal: literals pass through, strings are escaped.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            text += literal.description
        }

        /// User text: escaped.
        public mutating func appendInterpolation(_ string: String) {
            HTML.escape(string, into: &text)
        }

        /// Trusted markup built by this module.
        public mutating func appendInterpolation(_ markup: HTML) {
            text += markup.text
        }

        public mutating func appendInterpolation(_ number: Int) {
            text += String(number)
        }

        public mutating func appendInterpolation(_ number: Int64) {
            text += String(number)
        }

        /// A process or register name: escaped.
        public mutating func appendInterpolation(_ label: Label) {
            HTML.escape(label.description, into: &text)
        }
    }
}

extension HTML {
    /// `string` escaped for HTML text and for double- or single-quoted attribute values.
    ///
    /// `&`, `<`, `>`, `"` and `'` become character references; NUL and the other C0 and C1 control
    /// characters except tab, line feed and carriage return (parse errors in HTML) become U+FFFD.
    /// Everything else, including any Unicode, passes unchanged: the page is UTF-8.
    public static func escape(_ string: String) -> String {
        var out = ""
        escape(string, into: &out)
        return out
    }

    static func escape(_ string: String, into out: inout String) {
        out.reserveCapacity(out.utf8.count + string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// A link target safe to put in `href`: relative references (no scheme: nothing but `/`, `?` or
    /// `#` may come before the first `:`) and `http:`/`https:` URLs pass; anything else (`javascript:`,
    /// `data:`, or a scheme hidden behind spaces or control characters) becomes `#`, so that a
    /// caller's URL function cannot smuggle script into a link.
    public static func safeHref(_ url: String) -> String {
        guard let delimiter = url.firstIndex(where: { ":/?#".contains($0) }), url[delimiter] == ":" else {
            return url
        }
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return url }
        return "#"
    }
}
