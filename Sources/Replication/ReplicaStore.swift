import Synchronization

/// Where a replica persists its tagged values, so that it recovers from a crash with them.
///
/// Injected so the app can back replicas with SQLite; `InMemoryReplicaStore` outlives a simulated
/// crash (it is the replica's "disk") but not the process. A driver treats a throwing `save` as a
/// crash of the replica: it must not acknowledge a store it could not persist. Errors are the
/// implementation's own.
public protocol ReplicaStore: AnyObject, Sendable {
    /// Every slot saved so far, with its latest tagged value.
    func load() throws -> [Slot: TaggedValue]
    /// Records `entry` as the value of `slot`, durably before returning.
    func save(_ entry: TaggedValue, for slot: Slot) throws
}

/// A `ReplicaStore` in memory: survives the replica, not the process.
public final class InMemoryReplicaStore: ReplicaStore {
    private let slots = Mutex<[Slot: TaggedValue]>([:])

    public init() {}

    public func load() -> [Slot: TaggedValue] {
        slots.withLock { $0 }
    }

    public func save(_ entry: TaggedValue, for slot: Slot) {
        slots.withLock { $0[slot] = entry }
    }
}
