import HTTP
import JSON
import Replication
import Storage

/// How arrays and register operations look on the wire.
enum ArrayJSON {
    static func describe(_ array: LiveArray, operations: Int) -> JSON {
        let record = array.record
        let quorum = array.replication as? QuorumArray
        let states = quorum?.replicaStates ?? [.up]
        let replicaStates: [JSON] = states.enumerated().map { replica, state in
            .object([("replica", .number(JSONNumber(Int64(replica)))), ("state", .string(state.rawValue))])
        }
        return .object([
            ("name", .string(record.name)),
            ("size", .number(JSONNumber(Int64(record.size)))),
            ("semantics", .string(record.semantics)),
            ("replicas", .number(JSONNumber(Int64(record.replicas)))),
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
    static func operationResponse(_ outcome: ArrayService.Outcome) -> HTTPResponse {
        .json(.object([
            ("array", .string(outcome.array)),
            ("index", .number(JSONNumber(Int64(outcome.index)))),
            ("value", outcome.value.json),
            ("operation", .number(JSONNumber(Int64(outcome.operationID)))),
        ]))
    }
}
