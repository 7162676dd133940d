import HTTP
import Histories
import JSON
import Replication
import Storage

/// How arrays and register operations look on the wire.
enum ArrayJSON {
    static func describe(_ array: LiveArray, operations: Int) -> JSON {
        let record = array.record
        let quorum = array.replication as? any ReplicaStatusReporting
        let states = quorum?.replicaStates ?? [.up]
        let nodes = ((array.replication as? TransportQuorumArray)?.transport as? NodeTransport)?.addresses
        let replicaStates: [JSON] = states.enumerated().map { replica, state in
            var members: [(key: String, value: JSON)] = [
                ("replica", .number(JSONNumber(Int64(replica)))), ("state", .string(state.rawValue)),
            ]
            if let nodes, nodes.indices.contains(replica) { members.append(("node", .string(nodes[replica].description))) }
            return .object(members)
        }
        return .object([
            ("name", .string(record.name)),
            ("size", .number(JSONNumber(Int64(record.size)))),
            ("semantics", .string(record.semantics)),
            ("replicas", .number(JSONNumber(Int64(record.replicas)))),
            ("placement", .string(record.placement)),
            ("replicaStates", .array(replicaStates)),
            ("quorum", .bool(quorum?.hasLiveQuorum ?? true)),
            ("operations", .number(JSONNumber(Int64(operations)))),
            ("createdAt", .number(JSONNumber(record.createdAt))),
            ("links", .object([
                ("self", .string("/arrays/\(record.name)")),
                ("history", .string("/arrays/\(record.name)/history")),
            ])),
        ])
    }

    /// `{"array","index","value","operation"}` for a read or a write.
    ///
    /// Written straight into the body (the bytes `JSON.serializedBytes` would give for the same
    /// members) rather than through a `JSON` tree: this is every register request's answer.
    static func operationResponse(_ outcome: ArrayService.Outcome) -> HTTPResponse {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(64 + outcome.array.utf8.count + outcome.value.estimatedJSONCount)
        writer.writeRaw("{\"array\":")
        writer.writeString(outcome.array)
        writer.writeRaw(",\"index\":")
        writer.writeInteger(Int64(outcome.index))
        writer.writeRaw(",\"value\":")
        switch outcome.value {
        case .null: writer.writeRaw("null")
        case let .bool(b): writer.writeRaw(b ? "true" : "false")
        case let .number(n): writer.writeNumber(n)
        case let .string(s): writer.writeString(s)
        }
        writer.writeRaw(",\"operation\":")
        writer.writeInteger(Int64(outcome.operationID))
        writer.writeRaw("}")
        return HTTPResponse(status: .ok, headers: jsonHeaders, body: writer.bytes)
    }

    /// `Content-Type: application/json`, made once.
    static let jsonHeaders = HTTPHeaders([("Content-Type", "application/json")])
}

extension Value {
    /// About how many bytes the value takes as JSON, to size a buffer.
    var estimatedJSONCount: Int {
        switch self {
        case let .string(s): return s.utf8.count + 8
        case let .number(n): return n.literal.utf8.count
        default: return 5
        }
    }
}
