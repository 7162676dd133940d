import Histories

/// The queries, on a read connection.
struct ReadStore {
    let database: Database

    private static let arrayColumns = "name, size, semantics, replicas, created_at, placement"

    private func arrayRecord(_ statement: Statement) -> ArrayRecord {
        ArrayRecord(
            name: statement.text(0), size: statement.int(1), semantics: statement.text(2),
            replicas: statement.int(3), createdAt: statement.int64(4),
            placement: statement.text(5))
    }

    func arrays() throws(StorageError) -> [ArrayRecord] {
        try database.withStatement("SELECT \(Self.arrayColumns) FROM arrays ORDER BY name") { statement throws(StorageError) in
            var arrays: [ArrayRecord] = []
            while try statement.step() { arrays.append(arrayRecord(statement)) }
            return arrays
        }
    }

    func array(named name: String) throws(StorageError) -> ArrayRecord? {
        try database.withStatement("SELECT \(Self.arrayColumns) FROM arrays WHERE name = ?1") { statement throws(StorageError) in
            try statement.bind(name, at: 1)
            return try statement.step() ? arrayRecord(statement) : nil
        }
    }

    func registerValues(array: String) throws(StorageError) -> [Int: Value] {
        let sql = """
            SELECT idx, value_type, value_text FROM register_values
            WHERE array_id = (SELECT id FROM arrays WHERE name = ?1)
            """
        return try database.withStatement(sql) { statement throws(StorageError) in
            try statement.bind(array, at: 1)
            var values: [Int: Value] = [:]
            while try statement.step() {
                values[statement.int(0)] = try Columns.decodeValue(
                    type: statement.text(1), text: statement.text(2), sql: sql)
            }
            return values
        }
    }

    func replicaSlots(array: String) throws(StorageError) -> [ReplicaSlot] {
        let sql = """
            SELECT replica, register_index, part, tag_counter, tag_writer, value_type, value_text FROM replica_slots
            WHERE array_id = (SELECT id FROM arrays WHERE name = ?1)
            """
        return try database.withStatement(sql) { statement throws(StorageError) in
            try statement.bind(array, at: 1)
            var slots: [ReplicaSlot] = []
            while try statement.step() {
                slots.append(ReplicaSlot(
                    replica: statement.int(0), register: statement.int(1), part: statement.int(2),
                    counter: UInt64(bitPattern: statement.int64(3)), writer: UInt64(bitPattern: statement.int64(4)),
                    value: try Columns.decodeValue(type: statement.text(5), text: statement.text(6), sql: sql)))
            }
            return slots
        }
    }

    /// The first key of the named array's range of `operations`, as a common table `range(low)`
    /// (no row for an unknown array): its operations have keys from `low` to `low + span - 1`.
    private static let keyRange = "WITH range(low) AS (SELECT id * \(OperationKey.span) FROM arrays WHERE name = ?1)"

    func operations(array: String, after: Int?, limit: Int) throws(StorageError) -> [Operation] {
        let sql = """
            \(Self.keyRange)
            SELECT id, process_type, process_text, register_index, kind, value_type, value_text,
                expected_type, expected_text, invoke, complete, status
            FROM operations, range
            WHERE key > low + ?2 AND key < low + \(OperationKey.span)
            ORDER BY key LIMIT ?3
            """
        // Ids are 0 to span - 1: any `after` outside that range means all of them, or none.
        let after = min(max(Int64(after ?? -1), -1), OperationKey.span - 1)
        return try database.withStatement(sql) { statement throws(StorageError) in
            try statement.bind(array, at: 1)
            try statement.bind(after, at: 2)
            try statement.bind(max(limit, 0), at: 3)
            var operations: [Operation] = []
            operations.reserveCapacity(min(max(limit, 0), 1024))
            while try statement.step() { operations.append(try operation(statement, sql: sql)) }
            return operations
        }
    }

    /// A row of `operations`. A pending operation (in flight) reads as `info` with no completion:
    /// that is what a checker must assume of it.
    private func operation(_ statement: Statement, sql: String) throws(StorageError) -> Operation {
        let statusText = statement.text(11)
        let status: Operation.Status
        if Columns.isPending(statusText) {
            status = .info
        } else if let known = Operation.Status(rawValue: statusText) {
            status = known
        } else {
            throw StorageError(kind: .sqlite, message: "corrupt status column: \(statusText)", sql: sql)
        }
        guard let kind = Operation.Kind(rawValue: statement.text(4)) else {
            throw StorageError(kind: .sqlite, message: "corrupt kind column: \(statement.text(4))", sql: sql)
        }
        var expected: Value?
        if let type = statement.optionalText(7) {
            expected = try Columns.decodeValue(type: type, text: statement.text(8), sql: sql)
        }
        return Operation(
            id: statement.int(0),
            process: try Columns.decodeLabel(type: statement.text(1), text: statement.text(2), sql: sql),
            register: .int(statement.int(3)),
            kind: kind,
            value: try Columns.decodeValue(type: statement.text(5), text: statement.text(6), sql: sql),
            expected: expected,
            invoke: statement.int64(9),
            complete: status == .info ? nil : statement.optionalInt64(10),
            status: status)
    }

    func operationCount(array: String) throws(StorageError) -> Int {
        let count = try database.scalarInt(
            "\(Self.keyRange) SELECT count(*) FROM operations, range WHERE key >= low AND key < low + \(OperationKey.span)",
            [.text(array)])
        return Int(count ?? 0)
    }

    func maxOperationID(array: String) throws(StorageError) -> Int? {
        // The last key of the array's range: one probe of the key's b-tree.
        try database.scalarInt(
            "\(Self.keyRange) SELECT id FROM operations, range WHERE key >= low AND key < low + \(OperationKey.span) ORDER BY key DESC LIMIT 1",
            [.text(array)]
        ).map { Int($0) }
    }

    /// Scans every operation; meant for start-up, not for the hot path.
    func maxOperationTime() throws(StorageError) -> Int64? {
        try database.scalarInt("SELECT max(max(invoke), coalesce(max(complete), max(invoke))) FROM operations")
    }
}
