import JSON

/// Jepsen/Knossos EDN: a vector or list of op maps, or op maps one after another (`history.edn`).
/// Record literals such as `#jepsen.history.Op{…}` read as their map.
enum JepsenEDNFormat {
    static func decode(_ bytes: some Collection<UInt8>, options: HistoryDecodingOptions) throws(HistoryFormatError) -> History {
        var reader = EDNReader(bytes)
        let forms: [(value: EDNValue, line: Int)]
        do throws(EDNError) {
            forms = try reader.readAll()
        } catch {
            throw HistoryFormatError(subject: .document, reason: error.reason, line: error.line, column: error.column)
        }
        var items = forms
        if forms.count == 1, let elements = forms[0].value.elements {
            items = elements.map { ($0, $0.line ?? forms[0].line) }
        }
        var builder = JepsenHistoryBuilder()
        for (position, item) in items.enumerated() {
            if let event = try JepsenEvent(item.value, position: position, line: item.line, spelling: .keyword) {
                builder.events.append(event)
            }
        }
        return try builder.build(options: options)
    }
}

/// Jepsen events as a JSON array of objects: `{"type": "invoke", "f": "read", "value": null, "process": 0}`.
/// Type and f may be spelled with or without the leading colon (`"ok"` or `":ok"`).
enum JepsenJSONFormat {
    static func decode(_ bytes: some Collection<UInt8>, options: HistoryDecodingOptions) throws(HistoryFormatError) -> History {
        var builder = JepsenHistoryBuilder()
        var firstError: HistoryFormatError?
        let document: JSON
        do throws(JSONError) {
            document = try JSON.parse(bytes, streaming: .topLevelArray) { position, element in
                do throws(HistoryFormatError) {
                    if let event = try JepsenEvent(EDNValue(json: element), position: position, line: nil, spelling: .json) {
                        builder.events.append(event)
                    }
                    return true
                } catch {
                    firstError = error
                    return false
                }
            }
        } catch {
            if let firstError { throw firstError }
            throw HistoryFormatError(subject: .document, reason: error.reason, line: error.line, column: error.column)
        }
        guard case .array = document else {
            throw HistoryFormatError(subject: .document, reason: "expected a JSON array of events, got \(document.typeName)")
        }
        return try builder.build(options: options)
    }
}

/// Jepsen text logs: `history.txt` lines `process<TAB>:type<TAB>:f<TAB>value`, and `jepsen.util`
/// log lines that end that way (`INFO jepsen.util - 3<TAB>:ok<TAB>:read<TAB>2`, with any prefix).
///
/// A line is an event when one of its tab-separated fields is `:invoke`, `:ok`, `:fail` or `:info`
/// and a field follows it: the process is the last word before that field, `:f` the next field, and
/// the value (EDN) the field after (nil when absent). Fields after the value (error notes) are
/// ignored, and so are lines that are not events. Events are numbered among event lines.
enum JepsenTextFormat {
    static func decode(_ bytes: some Collection<UInt8>, options: HistoryDecodingOptions) throws(HistoryFormatError) -> History {
        var builder = JepsenHistoryBuilder()
        var position = 0
        var lineNumber = 0
        for rawLine in Array(bytes).split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: rawLine, as: UTF8.self)
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: " \r")
            }
            guard let typeIndex = fields.indices.dropFirst().first(where: { [":invoke", ":ok", ":fail", ":info"].contains(fields[$0]) }),
                typeIndex + 1 < fields.count
            else { continue }
            let processWord = fields[typeIndex - 1].split(separator: " ").last.map(String.init) ?? ""
            func fail(_ field: String, _ reason: String) -> HistoryFormatError {
                HistoryFormatError(subject: .event(position), field: field, reason: reason, line: lineNumber)
            }
            let process = try form(processWord, field: ":process", fail)
            let f = try form(fields[typeIndex + 1], field: ":f", fail)
            let value = typeIndex + 2 < fields.count ? try form(fields[typeIndex + 2], field: ":value", fail) : EDNValue.nil
            let map = EDNValue.map([
                EDNMapEntry(key: .keyword("type"), value: .keyword(String(fields[typeIndex].dropFirst()))),
                EDNMapEntry(key: .keyword("f"), value: f),
                EDNMapEntry(key: .keyword("process"), value: process),
                EDNMapEntry(key: .keyword("value"), value: value),
            ], line: lineNumber)
            if let event = try JepsenEvent(map, position: position, line: lineNumber, spelling: .keyword) {
                builder.events.append(event)
            }
            position += 1
        }
        return try builder.build(options: options)
    }

    private static func form(_ text: String, field: String, _ fail: (String, String) -> HistoryFormatError) throws(HistoryFormatError) -> EDNValue {
        var reader = EDNReader(text.utf8)
        let forms: [(value: EDNValue, line: Int)]
        do throws(EDNError) {
            forms = try reader.readAll()
        } catch {
            throw fail(field, "\(error.reason) in \"\(text)\"")
        }
        guard forms.count == 1 else { throw fail(field, "expected one EDN value, got \(text.isEmpty ? "nothing" : "\"\(text)\"")") }
        return forms[0].value
    }
}

extension EDNValue {
    /// The line a map starts on (nil for other forms and for maps made from JSON).
    var line: Int? {
        guard case let .map(_, line) = self, line > 0 else { return nil }
        return line
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        var slice = Substring(self)
        while let c = slice.first, drop.contains(c) { slice = slice.dropFirst() }
        while let c = slice.last, drop.contains(c) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
