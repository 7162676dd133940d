import Dispatch
import Histories
import Replication
import Storage
import Synchronization

/// Arrays of registers: create, describe, delete, and the read/write path that records every
/// operation durably before it is acknowledged.
final class ArrayService: Sendable {
    private let storage: Storage
    private let clock: OperationClock
    private let arrays: Mutex<[String: LiveArray]>
    private let metrics: AppMetrics
    private let makeReplication: ReplicationFactory
    /// The replica nodes arrays may be placed on (`"placement": "nodes"`), if any.
    private let nodes: ReplicaNodes?

    /// How an array's registers are emulated, given its record and its registers' stored values.
    typealias ReplicationFactory = @Sendable (ArrayRecord, [Value]) throws -> any RegisterArrayReplication

    /// Every array on one in-memory replica (atomic whatever the semantics).
    static let singleReplica: ReplicationFactory = { _, values in SingleReplica(initial: values) }

    /// Arrays placed on `nodes` run over them (`TransportQuorumArray`); of the others, arrays of one
    /// replica run on `SingleReplica`, the rest on in-process quorum replicas whose state is
    /// journaled to `storage`. Replicated operations fail after `deadline`.
    static func standard(storage: Storage, deadline: Duration, nodes: ReplicaNodes? = nil) -> ReplicationFactory {
        { record, values in
            let semantics = RegisterSemantics(rawValue: record.semantics) ?? .atomic
            if record.placement == Placement.nodes.rawValue {
                guard let nodes, record.replicas <= nodes.count else {
                    throw AppError.configuration(
                        "array '\(record.name)' runs on \(record.replicas) replica nodes, but the server was given \(nodes?.count ?? 0) (--replica-nodes)")
                }
                return TransportQuorumArray(
                    semantics: semantics, replicas: record.replicas,
                    transport: NodeTransport(nodes: nodes, record: record, semantics: semantics, deadline: deadline),
                    deadline: deadline)
            }
            guard record.replicas > 1 else { return SingleReplica(initial: values) }
            return QuorumArray(
                semantics: semantics, replicas: record.replicas,
                initial: [Value](repeating: .null, count: record.size),
                stores: try ReplicaSlotStore.stores(for: record, storage: storage), deadline: deadline)
        }
    }

    /// The outcome of a read or write, once it is committed.
    struct Outcome: Sendable {
        var array: String
        var index: Int
        var value: Value
        var operationID: Int
    }

    init(
        storage: Storage, metrics: AppMetrics, nodes: ReplicaNodes? = nil,
        makeReplication: @escaping ReplicationFactory = singleReplica
    ) throws(AppError) {
        self.storage = storage
        self.metrics = metrics
        self.nodes = nodes
        self.makeReplication = makeReplication
        do {
            clock = OperationClock(floor: try storage.maxOperationTime())
            var live: [String: LiveArray] = [:]
            for record in try storage.arrays() {
                live[record.name] = try Self.load(record, from: storage, makeReplication: makeReplication)
            }
            arrays = Mutex(live)
        } catch let error as StorageError {
            throw .storage(error)
        } catch let error as AppError {
            throw error
        } catch {
            throw .configuration("could not load arrays: \(error)")
        }
    }

    private static func load(
        _ record: ArrayRecord, from storage: Storage, makeReplication: ReplicationFactory
    ) throws -> LiveArray {
        let stored = try storage.registerValues(array: record.name)
        var values = [Value](repeating: .null, count: record.size)
        for (index, value) in stored where values.indices.contains(index) {
            values[index] = value
        }
        let next = (try storage.maxOperationID(array: record.name) ?? -1) + 1
        return LiveArray(record: record, replication: try makeReplication(record, values), nextOperationID: next)
    }

    /// Operation time now (see `OperationClock`).
    @Sendable func now() -> Int64 { clock.now() }

    // MARK: - Arrays

    func create(_ request: RequestBodies.CreateArray) throws(AppError) -> ArrayRecord {
        if request.placement == .nodes {
            let replicaNodes = nodes?.count ?? 0
            guard replicaNodes > 0 else {
                throw .conflict("this server has no replica nodes; start it with --replica-nodes host:port,… to place arrays on them")
            }
            guard request.replicas <= replicaNodes else {
                throw .badRequest(
                    "\"replicas\" is \(request.replicas), but there are \(replicaNodes) replica nodes: an array placed on nodes has at most one replica per node",
                    pointer: "/replicas", example: RequestBodies.createExample)
            }
        }
        let record = ArrayRecord(
            name: request.name, size: request.size, semantics: request.semantics.rawValue,
            replicas: request.replicas, createdAt: Storage.nowMillis(),
            placement: request.placement.rawValue)
        // Creation is rare: holding the registry lock across the insert keeps two creations of one
        // name from both succeeding.
        try arrays.withLock { (arrays) throws(AppError) -> Void in
            guard arrays[record.name] == nil else {
                throw .conflict("an array named '\(record.name)' already exists")
            }
            try storing { () throws(StorageError) in try storage.createArray(record) }
            let values = [Value](repeating: .null, count: record.size)
            let replication: any RegisterArrayReplication
            do {
                replication = try makeReplication(record, values)
            } catch {
                throw .unexpected("could not set up the replicas of '\(record.name)': \(error)")
            }
            arrays[record.name] = LiveArray(record: record, replication: replication, nextOperationID: 0)
        }
        return record
    }

    func list() -> [LiveArray] {
        arrays.withLock { Array($0.values) }.sorted { $0.record.name < $1.record.name }
    }

    func array(named name: String) throws(AppError) -> LiveArray {
        guard let array = arrays.withLock({ $0[name] }) else {
            throw .notFound("no array named '\(name)'; create it with POST /arrays")
        }
        return array
    }

    func delete(named name: String) throws(AppError) {
        let record = try arrays.withLock { (arrays) throws(AppError) -> ArrayRecord in
            guard let array = arrays[name] else { throw .notFound("no array named '\(name)'") }
            _ = try storing { () throws(StorageError) in try storage.deleteArray(named: name) }
            arrays[name] = nil
            return array.record
        }
        if record.placement == Placement.nodes.rawValue, let nodes {
            // Best effort: a node that does not hear of it keeps the array until a newer one of
            // the same name replaces it.
            for replica in 0..<record.replicas {
                nodes.send(ReplicaNodes.Job(
                    key: "\(name)/\(record.createdAt)/drop", path: "/replica/arrays/\(name)/drop?incarnation=\(record.createdAt)",
                    body: [], expires: DispatchTime.now().uptimeNanoseconds + 5_000_000_000, completion: { _ in }), to: replica)
            }
        }
    }

    func operationCount(_ array: LiveArray) throws(AppError) -> Int {
        try storing { () throws(StorageError) in try storage.operationCount(array: array.record.name) }
    }

    func history(_ array: LiveArray, after: Int?, limit: Int) throws(AppError) -> [Histories.Operation] {
        try storing { () throws(StorageError) in try storage.operations(array: array.record.name, after: after, limit: limit) }
    }

    /// The array's whole live history, as the checker and the timeline take it.
    func fullHistory(_ array: LiveArray) throws(AppError) -> History {
        var operations: [Histories.Operation] = []
        var after: Int?
        while true {
            let page = try history(array, after: after, limit: 50_000)
            operations += page
            guard page.count == 50_000, let last = page.last else { break }
            after = last.id
        }
        return History(name: array.record.name, model: .register, initial: .null, operations: operations)
    }

    // MARK: - Registers

    /// Reads register `index` for `process`; `invoke` is when the request was parsed.
    /// `completion` runs once the read is recorded durably (or failed).
    ///
    /// `batched`: the caller is an event loop that calls `commitPending()` once it has handled its
    /// events; the operation's commit then waits for that, to be shared with the loop's other
    /// requests (when the array's replication answers at once, `readNow`/`writeNow`).
    func read(
        array name: String, index: Int, process: String, invoke: Int64, batched: Bool = false,
        completion: @escaping @Sendable (Result<Outcome, AppError>) -> Void
    ) throws(AppError) {
        let array = try self.array(named: name)
        try checkIndex(index, in: array)
        try array.begin(process: process) { id in
            if let result = array.replication.readNow(index: index) {
                recordRead(result, id: id, array: array, index: index, process: process, invoke: invoke, held: batched,
                           completion: completion)
                return
            }
            // Answered later, on another thread: the loop's batch is long gone by then.
            array.replication.read(index: index) { result in
                self.recordRead(result, id: id, array: array, index: index, process: process, invoke: invoke,
                                held: false, completion: completion)
            }
        }
    }

    /// Journals a read that completed (and answers once that is committed), or answers a failed one.
    private func recordRead(
        _ result: Result<Value, ReplicationError>, id: Int, array: LiveArray, index: Int, process: String,
        invoke: Int64, held: Bool, completion: @escaping @Sendable (Result<Outcome, AppError>) -> Void
    ) {
        let name = array.record.name
        switch result {
        case let .success(value):
            let operation = Histories.Operation(
                id: id, process: .string(process), register: .int(index), kind: .read, value: value,
                invoke: invoke, complete: clock.now(), status: .ok)
            commit([.record(array: name, operation: operation)], array: array, process: process,
                   outcome: Outcome(array: name, index: index, value: value, operationID: id),
                   kind: .read, invoke: invoke, held: held, completion: completion)
        case let .failure(error):
            // A read that did not complete says nothing: it is not recorded (SPEC §5).
            array.end(process: process)
            completion(.failure(.unavailable(Self.describe(error))))
        }
    }

    /// Writes `value` to register `index` for `process`.
    ///
    /// On one replica the write takes effect at once and is journaled whole with the register's new
    /// value. Over several, its invocation is journaled before any replica can see it, so that a
    /// crash leaves it in the history as `info` if it may have taken effect. (On replica nodes, which
    /// persist on disks of their own, that means waiting for the invocation's commit first.)
    /// `batched`: as for `read`.
    func write(
        array name: String, index: Int, value: Value, process: String, invoke: Int64, batched: Bool = false,
        completion: @escaping @Sendable (Result<Outcome, AppError>) -> Void
    ) throws(AppError) {
        let array = try self.array(named: name)
        try checkIndex(index, in: array)
        let onNodes = array.record.placement == Placement.nodes.rawValue
        let replicated = array.record.replicas > 1 || onNodes
        try array.begin(process: process) { id in
            let invoked = Histories.Operation(
                id: id, process: .string(process), register: .int(index), kind: .write, value: value,
                invoke: invoke, complete: nil, status: .info)
            let outcome = Outcome(array: name, index: index, value: value, operationID: id)
            if onNodes {
                // Nodes persist on their own disks, not behind this journal: were a node to see the
                // write first, a crash here could leave its value on the nodes with no write in the history.
                storage.submit([.invoked(array: name, operation: invoked)]) { result in
                    guard case let .failure(error) = result else {
                        return self.replicate(
                            invoked, process: process, array: array, replicated: true, outcome: outcome, batched: false,
                            completion: completion)
                    }
                    array.end(process: process)
                    completion(.failure(.storage(error)))
                }
                return
            }
            if replicated {
                // No need to wait for this commit: every later entry of this write queues behind it.
                storage.submit([.invoked(array: name, operation: invoked)]) { _ in }
            }
            replicate(
                invoked, process: process, array: array, replicated: replicated, outcome: outcome, batched: batched,
                completion: completion)
        }
    }

    /// Runs the write `invoked` on the replicas, then journals its outcome and answers. `batched`:
    /// as for `read`.
    private func replicate(
        _ invoked: Histories.Operation, process: String, array: LiveArray, replicated: Bool, outcome: Outcome,
        batched: Bool, completion: @escaping @Sendable (Result<Outcome, AppError>) -> Void
    ) {
        if let result = array.replication.writeNow(index: outcome.index, value: outcome.value) {
            recordWrite(result, invoked, process: process, array: array, replicated: replicated, outcome: outcome,
                        held: batched, completion: completion)
            return
        }
        array.replication.write(index: outcome.index, value: outcome.value) { result in
            self.recordWrite(result, invoked, process: process, array: array, replicated: replicated, outcome: outcome,
                             held: false, completion: completion)
        }
    }

    /// Journals the outcome of the write `invoked`, then answers.
    private func recordWrite(
        _ result: Result<Void, ReplicationError>, _ invoked: Histories.Operation, process: String, array: LiveArray,
        replicated: Bool, outcome: Outcome, held: Bool,
        completion: @escaping @Sendable (Result<Outcome, AppError>) -> Void
    ) {
        let name = outcome.array, id = outcome.operationID, index = outcome.index, value = outcome.value
        switch result {
        case .success:
            let complete = clock.now()
            var operation = invoked
            operation.complete = complete
            operation.status = .ok
            let entries: [JournalEntry] = replicated
                ? [.completed(array: name, id: id, status: .ok, value: nil, complete: complete)]
                : [.record(array: name, operation: operation), .registerValue(array: name, index: index, value: value)]
            commit(entries, array: array, process: process, outcome: outcome, kind: .write,
                   invoke: invoked.invoke, held: held, completion: completion)
        case let .failure(error):
            // The write may have reached some replicas: it stays in the history as `info`.
            let entry: JournalEntry = replicated
                ? .completed(array: name, id: id, status: .info, value: nil, complete: nil)
                : .record(array: name, operation: invoked)
            storage.submit([entry]) { _ in
                array.end(process: process)
                completion(.failure(.unavailable(Self.describe(error))))
            }
        }
    }

    private func commit(
        _ entries: [JournalEntry], array: LiveArray, process: String, outcome: Outcome,
        kind: Histories.Operation.Kind, invoke: Int64, held: Bool,
        completion: @escaping @Sendable (Result<Outcome, AppError>) -> Void
    ) {
        let committed: @Sendable (Result<Void, StorageError>) -> Void = { result in
            array.end(process: process)
            switch result {
            case .success:
                self.metrics.recordOperation(kind: kind, nanoseconds: self.clock.now() - invoke)
                completion(.success(outcome))
            case let .failure(error) where error.kind == .notFound:
                // The array was deleted, history and all, while the operation was in flight.
                completion(.failure(.notFound("array '\(outcome.array)' was deleted while this operation was in flight")))
            case let .failure(error):
                completion(.failure(.storage(error)))
            }
        }
        if held {
            storage.submitHeld(entries, completion: committed)
        } else {
            storage.submit(entries, completion: committed)
        }
    }

    /// Commits the operations submitted `batched` (see `read`). True when more are pending.
    func commitPending() -> Bool {
        storage.commitPending()
    }

    private func checkIndex(_ index: Int, in array: LiveArray) throws(AppError) {
        guard (0..<array.record.size).contains(index) else {
            throw .notFound(
                "array '\(array.record.name)' has registers 0 to \(array.record.size - 1); there is no register \(index)")
        }
    }

    private static func describe(_ error: ReplicationError) -> String {
        switch error {
        case let .quorumUnavailable(answered, needed):
            return "only \(answered) of the \(needed) replicas needed answered in time; try again"
        }
    }
}

/// Runs a storage call, its error becoming the app's.
func storing<T>(_ body: () throws(StorageError) -> T) throws(AppError) -> T {
    do {
        return try body()
    } catch {
        throw .storage(error)
    }
}
