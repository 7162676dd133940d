import Histories
import Replication
import Storage
import Synchronization

/// A replica's "disk": what it stored, kept in memory for the running server and journaled to
/// SQLite through group commit.
///
/// `save` does not wait for its commit, and need not: the journal is one ordered queue, and a save
/// is queued before the replica acknowledges it, so before the operation that caused it completes,
/// and that operation's response waits for its own entry's commit. Whatever a client was told has
/// happened is therefore committed together with every save it depended on; after a crash the
/// replicas restart from a prefix of the journal that agrees with the recorded history.
final class ReplicaSlotStore: ReplicaStore {
    private let array: String
    private let replica: Int
    private let storage: Storage
    private let slots: Mutex<[Slot: TaggedValue]>

    init(array: String, replica: Int, storage: Storage, committed: [Slot: TaggedValue]) {
        self.array = array
        self.replica = replica
        self.storage = storage
        slots = Mutex(committed)
    }

    func load() -> [Slot: TaggedValue] {
        slots.withLock { $0 }
    }

    func save(_ entry: TaggedValue, for slot: Slot) {
        slots.withLock { $0[slot] = entry }
        let record = ReplicaSlot(
            replica: replica, register: slot.register, part: slot.part, counter: entry.tag.counter,
            writer: entry.tag.writer, value: entry.value)
        storage.submit([.replicaSlot(array: array, slot: record)]) { [array, replica] result in
            // An array deleted while its operations were in flight has nothing left to store into.
            if case let .failure(error) = result, error.kind != .notFound {
                Log.error("array \(array), replica \(replica): could not store \(slot): \(error)")
            }
        }
    }

    /// One store per replica of `record`, holding what was committed before.
    static func stores(for record: ArrayRecord, storage: Storage) throws -> [ReplicaSlotStore] {
        var committed = [[Slot: TaggedValue]](repeating: [:], count: record.replicas)
        for slot in try storage.replicaSlots(array: record.name) where committed.indices.contains(slot.replica) {
            committed[slot.replica][Slot(register: slot.register, part: slot.part)] =
                TaggedValue(tag: Tag(counter: slot.counter, writer: slot.writer), value: slot.value)
        }
        return committed.enumerated().map { replica, slots in
            ReplicaSlotStore(array: record.name, replica: replica, storage: storage, committed: slots)
        }
    }
}
