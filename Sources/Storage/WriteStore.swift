import Histories

/// The writes, on the write connection. Used only by the writer thread (and by `Storage.init`
/// before the thread starts), so it needs no lock.
struct WriteStore {
    let database: Database
    /// Arrays already looked up, so each journal entry does not query `arrays` again (a third of
    /// the per-entry cost before). Emptied by the writer whenever something other than a journal
    /// entry runs, and after any failure, so it never outlives the rows it reflects.
    let arrayIDs = ArrayIDCache()

    /// The array's row id and size, or `.notFound`.
    func lookup(array name: String) throws(StorageError) -> (id: Int64, size: Int) {
        // A group's entries are mostly of one array: comparing with the last name beats hashing it.
        if let last = arrayIDs.last, last.name == name { return last.found }
        if let known = arrayIDs.entries[name] {
            arrayIDs.last = (name, known)
            return known
        }
        let found = try database.withStatement(.lookupArray) { statement throws(StorageError) in
            try statement.bind(name, at: 1)
            guard try statement.step() else {
                throw StorageError(kind: .notFound, message: "no array named \(name)", sql: HotStatement.lookupArray.sql)
            }
            return (id: statement.int64(0), size: statement.int(1))
        }
        arrayIDs.entries[name] = found
        arrayIDs.last = (name, found)
        return found
    }

    func createArray(_ array: ArrayRecord) throws(StorageError) {
        // `local` is the column's default: left out, so a schema from before 0005 takes local arrays too.
        let placed = array.placement != "local"
        let sql = placed
            ? "INSERT INTO arrays (name, size, semantics, replicas, created_at, placement) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            : "INSERT INTO arrays (name, size, semantics, replicas, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
        do {
            try database.run(sql, [
                .text(array.name), .int(Int64(array.size)), .text(array.semantics), .int(Int64(array.replicas)),
                .int(array.createdAt),
            ] + (placed ? [.text(array.placement)] : []))
        } catch where error.kind == .alreadyExists {
            var error = error
            error.message = "an array named \(array.name) already exists"
            throw error
        }
    }

    func deleteArray(named name: String) throws(StorageError) -> Bool {
        guard let id = try database.scalarInt("SELECT id FROM arrays WHERE name = ?1", [.text(name)]) else { return false }
        // Its operations are its key range; its registers and replica slots go with it
        // (ON DELETE CASCADE, foreign_keys=ON).
        if let keys = OperationKey.range(of: id) {
            try database.run(
                "DELETE FROM operations WHERE key BETWEEN ?1 AND ?2", [.int(keys.lowerBound), .int(keys.upperBound)])
        }
        return try database.run("DELETE FROM arrays WHERE id = ?1", [.int(id)]) > 0
    }

    func apply(_ entry: JournalEntry) throws(StorageError) {
        switch entry {
        case let .invoked(array, operation):
            try insert(operation, array: array, pendingIfIncomplete: true)
        case let .record(array, operation):
            try insert(operation, array: array, pendingIfIncomplete: false)
        case let .completed(array, id, status, value, complete):
            try finish(array: array, id: id, status: status, value: value, time: complete)
        case let .registerValue(array, index, value):
            try setRegister(array: array, index: index, value: value)
        case let .replicaSlot(array, slot):
            try setReplicaSlot(array: array, slot)
        }
    }

    /// Applies a group's journal entries, storing each register's value once, after the others:
    /// its last in the group. A hot register written by every request of a group then costs one
    /// upsert per commit rather than one per write. Nothing in a group of journal entries reads
    /// register values, so only the final row can be seen, and it is the one applying every entry
    /// in order would leave.
    func apply(group: some Sequence<JournalEntry>) throws(StorageError) {
        var latest: [(array: String, index: Int, value: Value)] = []
        for entry in group {
            guard case let .registerValue(array, index, value) = entry else {
                try apply(entry)
                continue
            }
            // Groups touch few registers: a linear search beats hashing the array's name.
            if let position = latest.firstIndex(where: { $0.index == index && $0.array == array }) {
                latest[position].value = value
            } else {
                latest.append((array, index, value))
            }
        }
        for register in latest { try setRegister(array: register.array, index: register.index, value: register.value) }
    }

    private func registerIndex(_ label: Label, array: String, size: Int) throws(StorageError) -> Int {
        guard case let .int(index) = label else {
            throw StorageError(kind: .invalid, message: "register \(label) of array \(array) is not an index")
        }
        guard index >= 0, index < size else {
            throw StorageError(kind: .invalid, message: "register \(index) is outside array \(array) of size \(size)")
        }
        return index
    }

    private func insert(_ operation: Operation, array: String, pendingIfIncomplete: Bool) throws(StorageError) {
        let (arrayID, size) = try lookup(array: array)
        let index = try registerIndex(operation.register, array: array, size: size)
        let status =
            pendingIfIncomplete && operation.complete == nil ? Columns.pending : Columns.encode(operation.status)
        let key = try OperationKey.of(array: arrayID, id: operation.id, name: array)
        do {
            try database.withStatement(.insertOperation) { statement throws(StorageError) in
                let process = Columns.encode(operation.process)
                let value = Columns.encode(operation.value)
                let expected = operation.expected.map(Columns.encode)
                try statement.bind(arrayID, at: 1)
                try statement.bind(operation.id, at: 2)
                try statement.bind(process.type, at: 3)
                try statement.bind(process.text, at: 4)
                try statement.bind(index, at: 5)
                try statement.bind(Columns.encode(operation.kind), at: 6)
                try statement.bind(value.type, at: 7)
                try statement.bind(value.text, at: 8)
                try statement.bind(expected?.type, at: 9)
                try statement.bind(expected?.text, at: 10)
                try statement.bind(operation.invoke, at: 11)
                try statement.bind(operation.complete, at: 12)
                try statement.bind(status, at: 13)
                try statement.bind(key, at: 14)
                try statement.runToEnd()
            }
        } catch where error.kind == .alreadyExists {
            var error = error
            error.message = "array \(array) already has an operation \(operation.id)"
            throw error
        }
    }

    private func finish(
        array: String, id: Int, status: Operation.Status, value: Value?, time: Int64?
    ) throws(StorageError) {
        let (arrayID, _) = try lookup(array: array)
        let key = try OperationKey.of(array: arrayID, id: id, name: array)
        // Only a pending operation completes: completing twice is a bug in the caller, reported.
        let sql = """
            UPDATE operations SET status = ?2, value_type = coalesce(?3, value_type),
                value_text = coalesce(?4, value_text), complete = ?5
            WHERE key = ?1 AND status = 'pending'
            """
        let changed = try database.withStatement(sql) { statement throws(StorageError) in
            let encoded = value.map(Columns.encode)
            try statement.bind(key, at: 1)
            try statement.bind(Columns.encode(status), at: 2)
            try statement.bind(encoded?.type, at: 3)
            try statement.bind(encoded?.text, at: 4)
            try statement.bind(time, at: 5)
            try statement.runToEnd()
            return database.changes
        }
        guard changed == 1 else {
            throw StorageError(kind: .notFound, message: "array \(array) has no pending operation \(id)", sql: sql)
        }
    }

    private func setRegister(array: String, index: Int, value: Value) throws(StorageError) {
        let (arrayID, size) = try lookup(array: array)
        _ = try registerIndex(.int(index), array: array, size: size)
        try database.withStatement(.upsertRegister) { statement throws(StorageError) in
            let encoded = Columns.encode(value)
            try statement.bind(arrayID, at: 1)
            try statement.bind(index, at: 2)
            try statement.bind(encoded.type, at: 3)
            try statement.bind(encoded.text, at: 4)
            try statement.runToEnd()
        }
    }

    private func setReplicaSlot(array: String, _ slot: ReplicaSlot) throws(StorageError) {
        let (arrayID, size) = try lookup(array: array)
        _ = try registerIndex(.int(slot.register), array: array, size: size)
        let sql = """
            INSERT INTO replica_slots (array_id, replica, register_index, part, tag_counter, tag_writer, value_type, value_text)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (array_id, replica, register_index, part) DO UPDATE SET
                tag_counter = excluded.tag_counter, tag_writer = excluded.tag_writer,
                value_type = excluded.value_type, value_text = excluded.value_text
            """
        try database.withStatement(sql) { statement throws(StorageError) in
            let encoded = Columns.encode(slot.value)
            try statement.bind(arrayID, at: 1)
            try statement.bind(slot.replica, at: 2)
            try statement.bind(slot.register, at: 3)
            try statement.bind(slot.part, at: 4)
            try statement.bind(Int64(bitPattern: slot.counter), at: 5)
            try statement.bind(Int64(bitPattern: slot.writer), at: 6)
            try statement.bind(encoded.type, at: 7)
            try statement.bind(encoded.text, at: 8)
            try statement.runToEnd()
        }
    }

    /// Settles operations a crash left in flight, in one transaction: pending writes and cas become
    /// `info` (they may have taken effect), pending reads are deleted (an info read says nothing).
    func recover() throws(StorageError) -> RecoveryReport {
        try database.transaction { () throws(StorageError) -> RecoveryReport in
            let settled = try database.run(
                "UPDATE operations SET status = 'info', complete = NULL WHERE status = 'pending' AND kind <> 'read'")
            let dropped = try database.run("DELETE FROM operations WHERE status = 'pending' AND kind = 'read'")
            return RecoveryReport(writesMadeInfo: settled, readsDropped: dropped)
        }
    }
}

/// What start-up recovery did to operations a crash left in flight.
public struct RecoveryReport: Sendable, Hashable {
    /// Pending writes and cas, now `info`.
    public var writesMadeInfo: Int
    /// Pending reads, deleted.
    public var readsDropped: Int

    public init(writesMadeInfo: Int, readsDropped: Int) {
        self.writesMadeInfo = writesMadeInfo
        self.readsDropped = readsDropped
    }
}

/// The id and size of arrays the writer has looked up, by name.
///
/// A class so the `WriteStore` value shares one cache; confined, like the store, to the writer
/// thread. Journal entries never create, resize or delete arrays, so between two `clear()` calls
/// (made before and after every other kind of write, and after any failure) the rows it mirrors
/// cannot change.
final class ArrayIDCache {
    var entries: [String: (id: Int64, size: Int)] = [:]
    /// The entry looked up last.
    var last: (name: String, found: (id: Int64, size: Int))?

    func clear() {
        entries.removeAll(keepingCapacity: true)
        last = nil
    }
}
