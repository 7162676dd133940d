/// The input formats of SPEC §3, by the names `--format` and `?format=` use.
public enum HistoryFormat: String, Sendable, Hashable, CaseIterable {
    /// Registrar's own JSON object with "operations".
    case native
    /// Jepsen/Knossos EDN: a sequence of `{:type … :f … :value … :process …}` maps.
    case edn
    /// Jepsen events as a JSON array of objects with "type", "f", "value", "process".
    case jepsenJSON = "jepsen-json"
    /// Jepsen text: `history.txt` lines `process<TAB>:type<TAB>:f<TAB>value` and `jepsen.util` log lines.
    case text
    /// Porcupine-style operations: a JSON array of `{"clientId","input","call","output","return"}`.
    case porcupine

    /// Guesses the format from the first bytes of the content; nil when nothing fits.
    ///
    /// Rules, in order: a JSON object → `native`; a JSON array whose first element is an object with
    /// "clientId" or "call" → `porcupine`, with "type" → `jepsenJSON`; text starting with `;`, `{:`,
    /// `(`, `[{:`, `[` followed by `{` and a keyword, or any `:type` keyword → `edn`; a line holding
    /// a tab and `:invoke`/`:ok`/`:fail`/`:info` → `text`. Only a prefix (64 KiB) is examined.
    public static func detect(_ bytes: some Collection<UInt8>) -> HistoryFormat? {
        let prefix = Array(bytes.prefix(65_536))
        var i = 0
        func skipSpace() {
            while i < prefix.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ",")].contains(prefix[i]) { i += 1 }
        }
        // A UTF-8 byte-order mark is skipped for detection only.
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpace()
        guard i < prefix.count else { return nil }
        let text = String(decoding: prefix, as: UTF8.self)
        let first = prefix[i]
        if first == UInt8(ascii: ";") || first == UInt8(ascii: "(") || first == UInt8(ascii: "#") { return .edn }
        if first == UInt8(ascii: "{") {
            i += 1
            skipSpace()
            if i < prefix.count, prefix[i] == UInt8(ascii: ":") { return .edn }
            if i < prefix.count, prefix[i] == UInt8(ascii: "\"") || prefix[i] == UInt8(ascii: "}") { return .native }
            return nil
        }
        if first == UInt8(ascii: "[") {
            i += 1
            skipSpace()
            guard i < prefix.count else { return nil }
            if prefix[i] == UInt8(ascii: "]") { return .jepsenJSON }  // an empty list of events
            guard prefix[i] == UInt8(ascii: "{") else { return text.contains(":type") ? .edn : nil }
            i += 1
            skipSpace()
            if i < prefix.count, prefix[i] == UInt8(ascii: ":") { return .edn }
            // The keys of the first object decide between the two JSON event shapes.
            let objectEnd = endOfObject(prefix, from: i)
            let firstObject = String(decoding: prefix[i..<objectEnd], as: UTF8.self)
            if firstObject.contains("\"clientId\"") || firstObject.contains("\"call\"") { return .porcupine }
            if firstObject.contains("\"type\"") { return .jepsenJSON }
            return nil
        }
        for line in text.split(whereSeparator: \.isNewline) where line.contains("\t") {
            for type in [":invoke", ":ok", ":fail", ":info"] where line.contains(type) { return .text }
        }
        return nil
    }
}

/// The index just past the object whose `{` precedes `start` (or the end of the prefix),
/// skipping strings, so that nested objects do not end the scan early.
private func endOfObject(_ bytes: [UInt8], from start: Int) -> Int {
    var depth = 1
    var inString = false
    var k = start
    while k < bytes.count {
        let b = bytes[k]
        if inString {
            if b == UInt8(ascii: "\\") { k += 1 } else if b == UInt8(ascii: "\"") { inString = false }
        } else if b == UInt8(ascii: "\"") {
            inString = true
        } else if b == UInt8(ascii: "{") {
            depth += 1
        } else if b == UInt8(ascii: "}") {
            depth -= 1
            if depth == 0 { return k }
        }
        k += 1
    }
    return bytes.count
}

/// What formats without a `model` or `initial` of their own should assume (`--model`, `--initial`).
public struct HistoryDecodingOptions: Sendable, Hashable {
    /// nil: `cas-register` when any cas appears, else `register`. Native JSON's own "model" wins.
    public var model: History.Model?
    /// nil: `null`. Native JSON's own "initial" wins.
    public var initial: Value?

    public init(model: History.Model? = nil, initial: Value? = nil) {
        self.model = model
        self.initial = initial
    }
}
