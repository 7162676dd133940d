import HTTP
import JSON
import Storage

/// How arrays and register operations look on the wire.
enum ArrayJSON {
    static func describe(_ record: ArrayRecord, operations: Int) -> JSON {
        let replicaStates: [JSON] = (0..<record.replicas).map { replica in
            .object([("replica", .number(JSONNumber(Int64(replica)))), ("state", "up")])
        }
        return .object([
            ("name", .string(record.name)),
            ("size", .number(JSONNumber(Int64(record.size)))),
            ("semantics", .string(record.semantics)),
            ("replicas", .number(JSONNumber(Int64(record.replicas)))),
            ("replicaStates", .array(replicaStates)),
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
