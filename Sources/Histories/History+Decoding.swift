extension History {
    /// Decodes a history in any format of SPEC §3.
    ///
    /// - Parameters:
    ///   - format: the format, or nil to detect it from the content (`HistoryFormat.detect`).
    ///   - options: model and initial value for formats that carry none (see `HistoryDecodingOptions`).
    /// - Throws: `HistoryFormatError` naming the first bad operation or event, its field, and why.
    public static func decode(
        _ bytes: some Collection<UInt8>, format: HistoryFormat? = nil, options: HistoryDecodingOptions = .init()
    ) throws(HistoryFormatError) -> History {
        guard let format = format ?? HistoryFormat.detect(bytes) else {
            throw HistoryFormatError(
                subject: .document,
                reason: "unrecognized history format: expected native JSON, Jepsen EDN, Jepsen JSON, Jepsen text or Porcupine JSON")
        }
        switch format {
        case .native: return try NativeFormat.decode(bytes, options: options)
        case .edn: return try JepsenEDNFormat.decode(bytes, options: options)
        case .jepsenJSON: return try JepsenJSONFormat.decode(bytes, options: options)
        case .text: return try JepsenTextFormat.decode(bytes, options: options)
        case .porcupine: return try PorcupineFormat.decode(bytes, options: options)
        }
    }

    /// Decodes a history from text; see `decode(_:format:options:)`.
    public static func decode(
        _ text: String, format: HistoryFormat? = nil, options: HistoryDecodingOptions = .init()
    ) throws(HistoryFormatError) -> History {
        try decode(Array(text.utf8), format: format, options: options)
    }
}
