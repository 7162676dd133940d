import Histories
import Replication
import Storage
import Synchronization

/// The replicas a replica node hosts: one `ReplicaState` per (array, replica) it has been asked
/// about, each store persisted to the node's SQLite file before it is acknowledged.
///
/// The node's file has the server's schema (the same migrations): an `arrays` row per array hosted
/// (its creation time is the coordinator's incarnation of the array) and `replica_slots` rows for
/// what each replica holds. Journaled through group commit, so concurrent stores share an fsync.
///
/// Answers never run ahead of the disk: a store that changes a slot is acknowledged in its commit's
/// completion, and while any store is uncommitted every other answer (a query that may show the
/// new value, a store acknowledged without effect because a higher tag is held) waits for the
/// commits queued before it. After a `kill -9` the node comes back with every acknowledged store.
final class ReplicaNodeService: Sendable {
    private let storage: Storage
    private let hosted: Mutex<[String: HostedArray]>
    /// Set-ups of arrays (storage writes that wait for their commit) one at a time.
    private let setup = Mutex<Void>(())
    /// Stores handled but not yet committed.
    private let uncommitted = Atomic<Int>(0)
    /// The newest incarnation dropped, by array name: late requests for it must not bring it back.
    private let dropped = Mutex<[String: Int64]>([:])

    struct HostedArray: Sendable {
        var spec: ReplicaWire.ArraySpec
        /// nil until first used, and after a store failed to persist (reloaded from disk then).
        var replicas: [ReplicaState?]
        /// The one replica of the array this node serves: the one its stored slots belong to, else
        /// the first one asked for. A coordinator places replica r on its r-th node; asked for
        /// another, the node's list was given in another order, and serving it would answer from
        /// a replica that never saw the acknowledged stores.
        var served: Int?
    }

    init(storage: Storage) throws(StorageError) {
        self.storage = storage
        var arrays: [String: HostedArray] = [:]
        for record in try storage.arrays() {
            guard let semantics = RegisterSemantics(rawValue: record.semantics) else { continue }
            let spec = ReplicaWire.ArraySpec(
                size: record.size, semantics: semantics, replicas: record.replicas, incarnation: record.createdAt)
            let stored = Set(try storage.replicaSlots(array: record.name).map(\.replica))
            arrays[record.name] = HostedArray(
                spec: spec, replicas: Array(repeating: nil, count: record.replicas), served: stored.min())
        }
        hosted = Mutex(arrays)
    }

    /// The arrays hosted, by name, with their shapes.
    func arrays() -> [(name: String, spec: ReplicaWire.ArraySpec)] {
        hosted.withLock { $0.map { ($0.key, $0.value.spec) } }.sorted { $0.name < $1.name }
    }

    /// Handles `envelope` for array `name`; `completion` runs once the reply may be sent (after the
    /// commit of what it depends on), on any thread.
    func handle(
        array name: String, _ envelope: ReplicaWire.Envelope,
        completion: @escaping @Sendable (Result<ReplicaReply, AppError>) -> Void
    ) throws(AppError) {
        try host(name, envelope.array)
        let replica = envelope.replica
        let step: ReplicaStep = try hosted.withLock { (arrays) throws(AppError) -> ReplicaStep in
            guard var array = arrays[name], array.spec == envelope.array else {
                // Replaced by a newer incarnation between set-up and now.
                throw .conflict("array '\(name)' on this node is not the one asked about; retry")
            }
            if let served = array.served, served != replica {
                throw .conflict(
                    "this node serves replica \(served) of array '\(name)', not replica \(replica): give the coordinator's --replica-nodes in the order the array was placed with")
            }
            array.served = replica
            var state: ReplicaState
            if let loaded = array.replicas[replica] {
                state = loaded
            } else {
                state = try load(name, replica: replica, spec: array.spec)
            }
            let step = state.handle(envelope.request)
            array.replicas[replica] = state
            arrays[name] = array
            if let save = step.save {
                // Counted and queued under the lock: whoever sees the new state afterwards sees the
                // count, and anything it queues commits after this store.
                uncommitted.add(1, ordering: .sequentiallyConsistent)
                persist(save, array: name, replica: replica, reply: step.reply, completion: completion)
            }
            return step
        }
        guard step.save == nil else { return }
        if uncommitted.load(ordering: .sequentiallyConsistent) == 0 {
            completion(.success(step.reply))
        } else {
            // Answers only after the stores queued before it are durable.
            storage.submit([]) { result in
                completion(result.map { step.reply }.mapError { .storage($0) })
            }
        }
    }

    private func persist(
        _ save: SlotWrite, array name: String, replica: Int, reply: ReplicaReply,
        completion: @escaping @Sendable (Result<ReplicaReply, AppError>) -> Void
    ) {
        let slot = ReplicaSlot(
            replica: replica, register: save.slot.register, part: save.slot.part, counter: save.entry.tag.counter,
            writer: save.entry.tag.writer, value: save.entry.value)
        storage.submit([.replicaSlot(array: name, slot: slot)]) { result in
            self.uncommitted.subtract(1, ordering: .sequentiallyConsistent)
            switch result {
            case .success:
                completion(.success(reply))
            case let .failure(error):
                // Never acknowledge what is not on disk; the replica forgets what it holds in memory
                // and reloads from the file on its next request. (A closed store answers at once,
                // under the lock that queued it, and serves nothing more anyway.)
                guard error.kind != .closed else { return completion(.failure(.storage(error))) }
                self.hosted.withLock { arrays in
                    if arrays[name]?.replicas.indices.contains(replica) == true { arrays[name]?.replicas[replica] = nil }
                }
                completion(.failure(.storage(error)))
            }
        }
    }

    /// Forgets array `name` and what its replicas hold, the coordinator having deleted it: true
    /// when the node hosted it. A newer incarnation than `incarnation` is kept (409).
    func drop(_ name: String, incarnation: Int64) throws(AppError) -> Bool {
        try setup.withLock { (_: inout Void) throws(AppError) -> Bool in
            dropped.withLock { $0[name] = max($0[name] ?? .min, incarnation) }
            guard let existing = hosted.withLock({ $0[name]?.spec }) else { return false }
            guard existing.incarnation <= incarnation else {
                throw .conflict("array '\(name)' on this node is incarnation \(existing.incarnation), newer than \(incarnation)")
            }
            _ = try storing { () throws(StorageError) in try storage.deleteArray(named: name) }
            hosted.withLock { $0[name] = nil }
            return true
        }
    }

    /// Makes sure the node hosts `name` as `spec` describes, replacing an older incarnation (the
    /// coordinator deleted the array and made a new one with the name).
    private func host(_ name: String, _ spec: ReplicaWire.ArraySpec) throws(AppError) {
        func current() -> ReplicaWire.ArraySpec? { hosted.withLock { $0[name]?.spec } }
        if current() == spec { return }
        try setup.withLock { (_: inout Void) throws(AppError) -> Void in
            let existing = current()
            if existing == spec { return }
            if let gone = dropped.withLock({ $0[name] }), spec.incarnation <= gone {
                throw .conflict("array '\(name)' incarnation \(spec.incarnation) was deleted")
            }
            if let existing {
                guard existing.incarnation < spec.incarnation else {
                    throw .conflict(
                        "array '\(name)' on this node is incarnation \(existing.incarnation) (size \(existing.size), \(existing.semantics.rawValue)); the request is for incarnation \(spec.incarnation)")
                }
                _ = try storing { () throws(StorageError) in try storage.deleteArray(named: name) }
            }
            let record = ArrayRecord(
                name: name, size: spec.size, semantics: spec.semantics.rawValue, replicas: spec.replicas,
                createdAt: spec.incarnation)
            try storing { () throws(StorageError) in try storage.createArray(record) }
            hosted.withLock { $0[name] = HostedArray(spec: spec, replicas: Array(repeating: nil, count: spec.replicas)) }
        }
    }

    /// A replica as its stores left it on disk.
    private func load(_ name: String, replica: Int, spec: ReplicaWire.ArraySpec) throws(AppError) -> ReplicaState {
        var persisted: [Slot: TaggedValue] = [:]
        for slot in try storing({ () throws(StorageError) in try storage.replicaSlots(array: name) }) where slot.replica == replica {
            persisted[Slot(register: slot.register, part: slot.part)] =
                TaggedValue(tag: Tag(counter: slot.counter, writer: slot.writer), value: slot.value)
        }
        return ReplicaState(
            initial: [Value](repeating: .null, count: spec.size), semantics: spec.semantics, persisted: persisted)
    }
}
