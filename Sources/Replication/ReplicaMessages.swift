/// Names one round of one client operation, so replies are matched to the round that asked.
///
/// A reply whose id is not the operation's current round (a duplicate, or a late answer to an
/// earlier round or to a finished operation) is ignored.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    /// Unique among the operations of one client driver.
    public var operation: UInt64
    /// 0 for the query round, then 1, 2… for the store rounds that follow it.
    public var round: Int

    public init(operation: UInt64, round: Int) {
        self.operation = operation
        self.round = round
    }

    public var description: String { "op \(operation) round \(round)" }
}

/// A message from a client operation to a replica.
public enum ReplicaRequest: Sendable, Hashable {
    /// Asks for the tagged value of each of the first `parts` parts of `register`.
    case query(RequestID, register: Int, parts: Int)
    /// Asks the replica to keep `entry` in `slot` unless it already holds a higher tag.
    case store(RequestID, slot: Slot, entry: TaggedValue)

    public var id: RequestID {
        switch self {
        case let .query(id, _, _): return id
        case let .store(id, _, _): return id
        }
    }
}

/// A replica's answer to a `ReplicaRequest`.
public enum ReplicaReply: Sendable, Hashable {
    /// The tagged value of each part asked for, part 0 first.
    case queried(RequestID, parts: [TaggedValue])
    /// The store was applied (or a higher tag was already held) and persisted.
    case stored(RequestID)

    public var id: RequestID {
        switch self {
        case let .queried(id, _): return id
        case let .stored(id): return id
        }
    }
}
