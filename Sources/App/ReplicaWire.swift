import Histories
import JSON
import Replication

/// The quorum protocols' messages as JSON, between a coordinating server and replica nodes.
///
/// A request names the replica it is for and carries the array's shape, so a node needs no set-up
/// call and a restarted node learns arrays as they are used:
///
///     POST /replica/arrays/{name}/query
///     {"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1700000000000},
///      "id":{"operation":17,"round":0},"register":2,"parts":1}
///
///     POST /replica/arrays/{name}/store
///     {"replica":0,"array":{…},"id":{"operation":17,"round":1},
///      "slot":{"register":2,"part":0},"tag":{"counter":5,"writer":18446744073709551615},"value":"x"}
///
/// Answers: `{"id":{…},"parts":[{"tag":{…},"value":…},…]}` to a query, `{"id":{…},"stored":true}`
/// to a store. Tags, writer ids and operation ids are unsigned 64-bit integers written as plain JSON
/// integers (our JSON keeps every digit); values are JSON scalars kept exactly (`Value`).
enum ReplicaWire {
    /// The array a request is about. `incarnation` tells apart arrays that reuse a name: the
    /// coordinator's creation time in milliseconds.
    struct ArraySpec: Sendable, Hashable {
        var size: Int
        var semantics: RegisterSemantics
        var replicas: Int
        var incarnation: Int64
    }

    /// One request to one replica of one array.
    struct Envelope: Sendable, Hashable {
        var array: ArraySpec
        var replica: Int
        var request: ReplicaRequest

        /// The last path segment its route ends with.
        var kind: String {
            if case .query = request { return "query" }
            return "store"
        }
    }

    // MARK: Encoding

    static func encode(_ envelope: Envelope) -> [UInt8] {
        let spec = envelope.array
        var members: [(key: String, value: JSON)] = [
            ("replica", integer(envelope.replica)),
            ("array", .object([
                ("size", integer(spec.size)),
                ("semantics", .string(spec.semantics.rawValue)),
                ("replicas", integer(spec.replicas)),
                ("incarnation", .number(JSONNumber(spec.incarnation))),
            ])),
            ("id", encode(envelope.request.id)),
        ]
        switch envelope.request {
        case let .query(_, register, parts):
            members += [("register", integer(register)), ("parts", integer(parts))]
        case let .store(_, slot, entry):
            members += [
                ("slot", .object([("register", integer(slot.register)), ("part", integer(slot.part))])),
                ("tag", encode(entry.tag)),
                ("value", entry.value.json),
            ]
        }
        return JSON.object(members).serializedBytes()
    }

    static func encode(_ reply: ReplicaReply) -> [UInt8] {
        switch reply {
        case let .queried(id, parts):
            let entries: [JSON] = parts.map { .object([("tag", encode($0.tag)), ("value", $0.value.json)]) }
            return JSON.object([("id", encode(id)), ("parts", .array(entries))]).serializedBytes()
        case let .stored(id):
            return JSON.object([("id", encode(id)), ("stored", .bool(true))]).serializedBytes()
        }
    }

    private static func encode(_ id: RequestID) -> JSON {
        .object([("operation", unsigned(id.operation)), ("round", integer(id.round))])
    }

    private static func encode(_ tag: Tag) -> JSON {
        .object([("counter", unsigned(tag.counter)), ("writer", unsigned(tag.writer))])
    }

    private static func integer(_ value: Int) -> JSON { .number(JSONNumber(Int64(value))) }

    private static func unsigned(_ value: UInt64) -> JSON {
        // Decimal digits always form a JSON number literal, so the initializer cannot fail.
        .number(JSONNumber(String(value)) ?? JSONNumber(0))
    }

    // MARK: Decoding

    /// The request in `body`, which arrived on the route for `kind` (`query` or `store`).
    static func decodeEnvelope(_ body: [UInt8], kind: String) throws(AppError) -> Envelope {
        let members = try object(body)
        let arrayMembers = try field("array", in: members, pointer: "").objectValue
        guard let arrayMembers else { throw .badRequest("\"array\" must be an object", pointer: "/array") }
        guard let semanticsText = try field("semantics", in: arrayMembers, pointer: "/array").stringValue,
              let semantics = RegisterSemantics(rawValue: semanticsText)
        else {
            throw .badRequest("\"semantics\" must be \"safe\", \"regular\" or \"atomic\"", pointer: "/array/semantics")
        }
        let spec = ArraySpec(
            size: try int(field("size", in: arrayMembers, pointer: "/array"), pointer: "/array/size", in: 1...(1 << 20)),
            semantics: semantics,
            replicas: try int(field("replicas", in: arrayMembers, pointer: "/array"), pointer: "/array/replicas", in: 1...9),
            incarnation: try int64(field("incarnation", in: arrayMembers, pointer: "/array"), pointer: "/array/incarnation"))
        let replica = try int(field("replica", in: members, pointer: ""), pointer: "/replica", in: 0...(spec.replicas - 1))
        let id = try requestID(field("id", in: members, pointer: ""), pointer: "/id")
        let request: ReplicaRequest
        switch kind {
        case "query":
            let register = try int(field("register", in: members, pointer: ""), pointer: "/register", in: 0...(spec.size - 1))
            let parts = try int(field("parts", in: members, pointer: ""), pointer: "/parts", in: semantics.parts...semantics.parts)
            request = .query(id, register: register, parts: parts)
        case "store":
            guard let slotMembers = try field("slot", in: members, pointer: "").objectValue else {
                throw .badRequest("\"slot\" must be an object", pointer: "/slot")
            }
            let slot = Slot(
                register: try int(field("register", in: slotMembers, pointer: "/slot"), pointer: "/slot/register", in: 0...(spec.size - 1)),
                part: try int(field("part", in: slotMembers, pointer: "/slot"), pointer: "/slot/part", in: 0...(semantics.parts - 1)))
            let tag = try self.tag(field("tag", in: members, pointer: ""), pointer: "/tag")
            guard let value = Value(json: try field("value", in: members, pointer: "")) else {
                throw .badRequest("\"value\" must be a JSON scalar", pointer: "/value")
            }
            request = .store(id, slot: slot, entry: TaggedValue(tag: tag, value: value))
        default:
            throw .notFound("replica requests are 'query' or 'store', not '\(kind)'")
        }
        return Envelope(array: spec, replica: replica, request: request)
    }

    /// The reply in `body`; `.badRequest` when it is not one.
    static func decodeReply(_ body: [UInt8]) throws(AppError) -> ReplicaReply {
        let members = try object(body)
        let id = try requestID(field("id", in: members, pointer: ""), pointer: "/id")
        if let parts = members.first(where: { $0.key == "parts" })?.value {
            guard let items = parts.arrayValue else { throw .badRequest("\"parts\" must be an array", pointer: "/parts") }
            var entries: [TaggedValue] = []
            for (index, item) in items.enumerated() {
                let pointer = "/parts/\(index)"
                guard let entry = item.objectValue else { throw .badRequest("a part must be an object", pointer: pointer) }
                let tag = try self.tag(field("tag", in: entry, pointer: pointer), pointer: pointer + "/tag")
                guard let value = Value(json: try field("value", in: entry, pointer: pointer)) else {
                    throw .badRequest("\"value\" must be a JSON scalar", pointer: pointer + "/value")
                }
                entries.append(TaggedValue(tag: tag, value: value))
            }
            return .queried(id, parts: entries)
        }
        guard try field("stored", in: members, pointer: "").boolValue == true else {
            throw .badRequest("a reply has \"parts\" or \"stored\": true", pointer: "/stored")
        }
        return .stored(id)
    }

    private static func object(_ body: [UInt8]) throws(AppError) -> [(key: String, value: JSON)] {
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            throw .badRequest("the body is not valid JSON: \(error)")
        }
        guard let members = json.objectValue else { throw .badRequest("the body must be a JSON object", pointer: "") }
        return members
    }

    private static func field(_ name: String, in members: [(key: String, value: JSON)], pointer: String) throws(AppError) -> JSON {
        guard let value = members.first(where: { $0.key == name })?.value else {
            throw .badRequest("missing \"\(name)\"", pointer: pointer + "/" + name)
        }
        return value
    }

    private static func int(_ json: JSON, pointer: String, in range: ClosedRange<Int>) throws(AppError) -> Int {
        guard let value = json.numberValue?.int64Value, range.contains(Int(clamping: value)) else {
            throw .badRequest("must be an integer from \(range.lowerBound) to \(range.upperBound), got \(json.serialized())", pointer: pointer)
        }
        return Int(value)
    }

    private static func int64(_ json: JSON, pointer: String) throws(AppError) -> Int64 {
        guard let value = json.numberValue?.int64Value else {
            throw .badRequest("must be an integer, got \(json.serialized())", pointer: pointer)
        }
        return value
    }

    private static func unsigned(_ json: JSON, pointer: String) throws(AppError) -> UInt64 {
        // Only plain decimal literals, as `encode` writes them: `1e3` or `5.0` are refused.
        guard let literal = json.numberValue?.literal, let value = UInt64(literal) else {
            throw .badRequest("must be an unsigned 64-bit integer, got \(json.serialized())", pointer: pointer)
        }
        return value
    }

    private static func requestID(_ json: JSON, pointer: String) throws(AppError) -> RequestID {
        guard let members = json.objectValue else { throw .badRequest("must be an object", pointer: pointer) }
        return RequestID(
            operation: try unsigned(field("operation", in: members, pointer: pointer), pointer: pointer + "/operation"),
            round: try int(field("round", in: members, pointer: pointer), pointer: pointer + "/round", in: 0...Int(Int32.max)))
    }

    private static func tag(_ json: JSON, pointer: String) throws(AppError) -> Tag {
        guard let members = json.objectValue else { throw .badRequest("must be an object", pointer: pointer) }
        return Tag(
            counter: try unsigned(field("counter", in: members, pointer: pointer), pointer: pointer + "/counter"),
            writer: try unsigned(field("writer", in: members, pointer: pointer), pointer: pointer + "/writer"))
    }
}
