@testable import App
import Histories
import JSON
import Replication
import Testing

/// The JSON codec of the messages between a coordinating server and replica nodes.
@Suite struct ReplicaWireTests {
    static let spec = ReplicaWire.ArraySpec(size: 4, semantics: .safe, replicas: 3, incarnation: 1_700_000_000_123)

    @Test(arguments: [
        ReplicaRequest.query(RequestID(operation: 0, round: 0), register: 3, parts: 2),
        .store(RequestID(operation: .max, round: 2), slot: Slot(register: 1, part: 1),
               entry: TaggedValue(tag: Tag(counter: .max, writer: 18_446_744_073_709_551_615), value: .string("é\"\\\n"))),
        .store(RequestID(operation: 7, round: 1), slot: Slot(register: 0, part: 0),
               entry: TaggedValue(tag: Tag(counter: 1, writer: 0), value: .number(JSONNumber("12345678901234567890123.50") ?? JSONNumber(0)))),
        .store(RequestID(operation: 8, round: 1), slot: Slot(register: 3), entry: TaggedValue(tag: .initial, value: .bool(false))),
        .store(RequestID(operation: 9, round: 1), slot: Slot(register: 2), entry: TaggedValue(tag: .initial, value: .null)),
    ])
    func requestsRoundTrip(request: ReplicaRequest) throws {
        let envelope = ReplicaWire.Envelope(array: Self.spec, replica: 2, request: request)
        let decoded = try ReplicaWire.decodeEnvelope(ReplicaWire.encode(envelope), kind: envelope.kind)
        #expect(decoded == envelope)
        if case let .store(_, _, entry) = decoded.request, case let .number(number) = entry.value {
            #expect(number.literal == "12345678901234567890123.50", "numbers keep their literal")
        }
    }

    @Test(arguments: [
        ReplicaReply.stored(RequestID(operation: 3, round: 1)),
        .queried(RequestID(operation: 4, round: 0), parts: []),
        .queried(RequestID(operation: .max, round: 0), parts: [
            TaggedValue(tag: Tag(counter: 2, writer: .max), value: .string("ab")),
            TaggedValue(tag: .initial, value: .int(-1)),
        ]),
    ])
    func repliesRoundTrip(reply: ReplicaReply) throws {
        #expect(try ReplicaWire.decodeReply(ReplicaWire.encode(reply)) == reply)
    }

    @Test func theWireFormatIsPlainJSON() {
        let envelope = ReplicaWire.Envelope(
            array: ReplicaWire.ArraySpec(size: 4, semantics: .atomic, replicas: 3, incarnation: 5), replica: 0,
            request: .query(RequestID(operation: 17, round: 0), register: 2, parts: 1))
        #expect(String(decoding: ReplicaWire.encode(envelope), as: UTF8.self)
            == #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":5},"id":{"operation":17,"round":0},"register":2,"parts":1}"#)
        #expect(String(decoding: ReplicaWire.encode(.stored(RequestID(operation: 1, round: 1))), as: UTF8.self)
            == #"{"id":{"operation":1,"round":1},"stored":true}"#)
    }

    /// Each bad body is refused with the field it is wrong in.
    @Test(arguments: [
        ("query", #"[1]"#, ""),
        ("query", #"{"replica":0,"id":{"operation":1,"round":0},"register":0,"parts":1}"#, "/array"),
        ("query", #"{"replica":3,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":1,"round":0},"register":0,"parts":1}"#, "/replica"),
        ("query", #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":1,"round":0},"register":4,"parts":1}"#, "/register"),
        ("query", #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":1,"round":0},"register":0,"parts":2}"#, "/parts"),
        ("query", #"{"replica":0,"array":{"size":4,"semantics":"linear","replicas":3,"incarnation":1},"id":{"operation":1,"round":0},"register":0,"parts":1}"#, "/array/semantics"),
        ("query", #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":-1,"round":0},"register":0,"parts":1}"#, "/id/operation"),
        ("store", #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":1,"round":1},"slot":{"register":0,"part":0},"tag":{"counter":1e3,"writer":1},"value":1}"#, "/tag/counter"),
        ("store", #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":1,"round":1},"slot":{"register":0,"part":1},"tag":{"counter":1,"writer":1},"value":1}"#, "/slot/part"),
        ("store", #"{"replica":0,"array":{"size":4,"semantics":"atomic","replicas":3,"incarnation":1},"id":{"operation":1,"round":1},"slot":{"register":0,"part":0},"tag":{"counter":1,"writer":1},"value":[1]}"#, "/value"),
    ])
    func badRequestsNameTheirField(kind: String, body: String, pointer: String) {
        #expect {
            _ = try ReplicaWire.decodeEnvelope(Array(body.utf8), kind: kind)
        } throws: { error in
            guard case let .badRequest(_, found, _) = error as? AppError else { return false }
            return found == pointer
        }
    }
}
