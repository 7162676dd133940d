import JSON

extension History {
    /// The history as native JSON (SPEC §3), compact or indented; `decode` reads it back equal.
    ///
    /// Every operation is written with all its fields (`register` included; `complete` omitted for
    /// `info`), numbers with their literal text, labels as integers or strings as they were.
    public func nativeJSONBytes(pretty: Bool = false) -> [UInt8] {
        var stream = NativeJSONStreamWriter(name: name, model: model, initial: initial, pretty: pretty)
        for operation in operations { stream.append(operation) }
        stream.finish()
        return stream.takeBytes()
    }

    /// `nativeJSONBytes(pretty:)` as text.
    public func nativeJSON(pretty: Bool = false) -> String {
        String(decoding: nativeJSONBytes(pretty: pretty), as: UTF8.self)
    }
}

/// Writes a native JSON history piece by piece, for histories too big to hold twice: append
/// operations, take the bytes written so far whenever convenient (to send or store them), then finish.
public struct NativeJSONStreamWriter: Sendable {
    private var writer: JSONWriter
    private var count = 0
    private var finished = false

    /// Starts the document: everything up to the opening bracket of "operations".
    public init(name: String?, model: History.Model, initial: Value, pretty: Bool = false) {
        writer = JSONWriter(pretty: false)
        self.pretty = pretty
        writer.writeRaw("{")
        if let name {
            writer.writeString("name")
            writer.writeRaw(":")
            writer.writeString(name)
            writer.writeRaw(",")
        }
        writer.writeRaw(#""model":"#)
        writer.writeString(model.rawValue)
        writer.writeRaw(#","initial":"#)
        writer.write(initial.json)
        writer.writeRaw(#","operations":["#)
    }

    /// One operation per line when true; members stay compact within it.
    private let pretty: Bool

    /// Appends one operation.
    public mutating func append(_ operation: Operation) {
        if count > 0 { writer.writeRaw(",") }
        if pretty { writer.writeRaw("\n  ") }
        count += 1
        writer.writeRaw(#"{"id":"#)
        writer.writeInteger(Int64(operation.id))
        writer.writeRaw(#","process":"#)
        write(operation.process)
        writer.writeRaw(#","register":"#)
        write(operation.register)
        writer.writeRaw(#","kind":""#)
        writer.writeRaw(operation.kind.staticName)
        writer.writeRaw(#"","value":"#)
        if let expected = operation.expected {
            writer.writeRaw("[")
            writer.write(expected.json)
            writer.writeRaw(",")
            writer.write(operation.value.json)
            writer.writeRaw("]")
        } else {
            writer.write(operation.value.json)
        }
        writer.writeRaw(#","invoke":"#)
        writer.writeInteger(operation.invoke)
        if let complete = operation.complete {
            writer.writeRaw(#","complete":"#)
            writer.writeInteger(complete)
        }
        writer.writeRaw(#","status":""#)
        writer.writeRaw(operation.status.staticName)
        writer.writeRaw(#""}"#)
    }

    /// Closes the operations list and the document. Appending afterwards is a programming error.
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        if pretty && count > 0 { writer.writeRaw("\n") }
        writer.writeRaw("]}")
    }

    /// The bytes written since the last call, leaving the buffer empty.
    public mutating func takeBytes() -> [UInt8] {
        defer { writer.bytes.removeAll(keepingCapacity: true) }
        return writer.bytes
    }

    private mutating func write(_ label: Label) {
        switch label {
        case let .int(i): writer.writeInteger(Int64(i))
        case let .string(s): writer.writeString(s)
        }
    }
}

extension Operation.Kind {
    var staticName: StaticString {
        switch self {
        case .read: return "read"
        case .write: return "write"
        case .cas: return "cas"
        }
    }
}

extension Operation.Status {
    var staticName: StaticString {
        switch self {
        case .ok: return "ok"
        case .fail: return "fail"
        case .info: return "info"
        }
    }
}
