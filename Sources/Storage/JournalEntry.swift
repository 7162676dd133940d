import Histories

/// One change to an array's history or registers, submitted for group commit.
public enum JournalEntry: Sendable {
    /// An operation was invoked. Stored as pending when `operation.complete` is nil (its status is
    /// then ignored), else as given. `operation.register` must be `.int(index)` within the array.
    case invoked(array: String, operation: Operation)
    /// A pending operation completed: its status, its result (a read's value; nil keeps the stored
    /// value) and completion time (nil exactly when `status == .info`).
    case completed(array: String, id: Int, status: Operation.Status, value: Value?, complete: Int64?)
    /// A whole operation in one step, invocation and outcome known, stored as given.
    case record(array: String, operation: Operation)
    /// The register's last acknowledged value.
    case registerValue(array: String, index: Int, value: Value)
    /// What one replica of a replicated array now holds in one slot (a register, or a part of it).
    case replicaSlot(array: String, slot: ReplicaSlot)

    /// False for the record of a completed read, which changes no register and no replica: a commit
    /// of such entries alone need not be synced (`SynchronousMode.writes`).
    var changesState: Bool {
        if case let .record(_, operation) = self, operation.kind == .read, operation.complete != nil {
            return false
        }
        return true
    }

    var array: String {
        switch self {
        case let .invoked(array, _), let .completed(array, _, _, _, _), let .record(array, _),
            let .registerValue(array, _, _), let .replicaSlot(array, _):
            return array
        }
    }
}

/// One replica's stored (tag, value) for one part of one register. Tags order by counter, then writer.
public struct ReplicaSlot: Sendable, Hashable {
    public var replica: Int
    public var register: Int
    public var part: Int
    public var counter: UInt64
    public var writer: UInt64
    public var value: Value

    public init(replica: Int, register: Int, part: Int, counter: UInt64, writer: UInt64, value: Value) {
        self.replica = replica
        self.register = register
        self.part = part
        self.counter = counter
        self.writer = writer
        self.value = value
    }
}
