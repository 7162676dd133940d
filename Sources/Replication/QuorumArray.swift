import Histories
import Synchronization

/// An array of registers replicated over in-process replicas, in real time: the app's quorum runner.
///
/// Every read and write runs the protocol of `semantics` (`QuorumRead`, `QuorumWrite`) against
/// `ReplicaState` machines, across a `SimulatedNetwork` whose delays are waited out on the injected
/// `Scheduler`. An operation that has not finished `deadline` after it began fails with
/// `quorumUnavailable` (a write may still take effect: the app records it as `info`). Faults are
/// injected with `crash(replica:)`, `recover(replica:)` and `setNetwork(...)`.
///
/// All mutable state sits in one `Mutex`, so the type is `Sendable` without further reasoning;
/// completions and scheduled work run outside the lock, on the scheduler's threads. Replica stores
/// are written under the lock, so a store is acknowledged only once persisted, at the cost of
/// serializing persistence across replicas.
public final class QuorumArray: RegisterArrayReplication {
    public let semantics: RegisterSemantics
    public let replicas: Int
    /// Operations fail this long after they begin, in nanoseconds.
    public let deadline: Int64
    /// An unanswered round is sent again this often, in nanoseconds (links may lose messages).
    public let retransmitInterval: Int64

    let initial: [Value]
    let stores: [any ReplicaStore]
    private let scheduler: any Scheduler
    let state: Mutex<RunnerState>

    struct RunnerState: Sendable {
        /// nil while crashed.
        var replicas: [ReplicaState?]
        var network: SimulatedNetwork
        var generator: SplitMix64
        var pending: [UInt64: Pending] = [:]
        var nextOperation: UInt64 = 0
    }

    struct Pending: Sendable {
        var machine: any QuorumOperation
        let completion: @Sendable (Result<Value, ReplicationError>) -> Void
    }

    /// What to do once the lock is released.
    enum Effect: Sendable {
        case request(to: Int, ReplicaRequest, after: Int64)
        case reply(from: Int, ReplicaReply, after: Int64)
        case complete(@Sendable (Result<Value, ReplicationError>) -> Void, Result<Value, ReplicationError>)
    }

    /// An array of `initial.count` registers over `replicas` replicas (at least 1).
    ///
    /// - `stores`: one per replica (a different count is a programming error and traps), its persisted
    ///   state; an `InMemoryReplicaStore` each when nil.
    ///   A replica starts from what its store holds, so a restarted app keeps its values; a replica
    ///   whose store fails to load starts crashed.
    /// - `initial`: what registers hold before their first write (stores override it).
    /// - `deadline` and `retransmitInterval`: as the properties; defaults 2 s and 100 ms.
    /// - `seed`: drives link delays, losses and writer ids (random by default).
    public init(
        semantics: RegisterSemantics, replicas: Int, initial: [Value], stores: [any ReplicaStore]? = nil,
        network: SimulatedNetwork = .reliable, deadline: Duration = .seconds(2),
        retransmitInterval: Duration = .milliseconds(100), scheduler: any Scheduler = DispatchScheduler(),
        seed: UInt64 = UInt64.random(in: .min ... .max)
    ) {
        let count = max(replicas, 1)
        if let stores { precondition(stores.count == count, "QuorumArray needs one store per replica") }
        self.semantics = semantics
        self.replicas = count
        self.deadline = Self.nanoseconds(deadline)
        self.retransmitInterval = Self.nanoseconds(retransmitInterval)
        self.initial = initial
        let stores = stores ?? (0..<count).map { _ in InMemoryReplicaStore() }
        self.stores = stores
        self.scheduler = scheduler
        let states = stores.map { store in
            (try? store.load()).map { ReplicaState(initial: initial, semantics: semantics, persisted: $0) }
        }
        state = Mutex(RunnerState(replicas: states, network: network, generator: SplitMix64(seed: seed)))
    }

    public func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        start(completion: completion) { id, _ in
            QuorumRead(id: id, register: index, configuration: self.quorumConfiguration)
        }
    }

    public func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        start(completion: { completion($0.map { _ in () }) }) { id, writer in
            QuorumWrite(id: id, register: index, value: value, writer: writer, configuration: self.quorumConfiguration)
        }
    }

    var quorumConfiguration: QuorumConfiguration {
        QuorumConfiguration(replicas: replicas, semantics: semantics)
    }

    // MARK: - Driving operations

    private func start(
        completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void,
        _ make: (_ id: UInt64, _ writer: UInt64) -> any QuorumOperation
    ) {
        let (id, effects) = state.withLock { state in
            let id = state.nextOperation
            state.nextOperation += 1
            // Random writer ids: unique per write with overwhelming probability (2^-64 per pair),
            // also across restarts of the app, which operation numbers would not be.
            let machine = make(id, state.generator.next())
            state.pending[id] = Pending(machine: machine, completion: completion)
            return (id, Self.drive(id, with: .start, in: &state))
        }
        scheduler.schedule(after: deadline) { [self] in event(.timeout, for: id) }
        scheduleRetransmit(id)
        perform(effects)
    }

    private func scheduleRetransmit(_ id: UInt64) {
        guard retransmitInterval > 0 else { return }
        scheduler.schedule(after: retransmitInterval) { [self] in
            let stillPending = state.withLock { $0.pending[id] != nil }
            guard stillPending else { return }
            event(.retransmit, for: id)
            scheduleRetransmit(id)
        }
    }

    private func event(_ event: OperationEvent, for id: UInt64) {
        perform(state.withLock { Self.drive(id, with: event, in: &$0) })
    }

    /// Feeds `event` to operation `id` and turns its actions into effects; finished operations are
    /// forgotten, so late replies find nothing and are dropped.
    static func drive(_ id: UInt64, with event: OperationEvent, in state: inout RunnerState) -> [Effect] {
        guard var pending = state.pending[id] else { return [] }
        let actions = pending.machine.handle(event)
        state.pending[id] = pending
        var effects: [Effect] = []
        for action in actions {
            switch action {
            case let .send(replica, request):
                if let delay = state.network.delay(for: replica, using: &state.generator) {
                    effects.append(.request(to: replica, request, after: delay))
                }
            case let .complete(value):
                state.pending[id] = nil
                effects.append(.complete(pending.completion, .success(value)))
            case let .fail(error):
                state.pending[id] = nil
                effects.append(.complete(pending.completion, .failure(error)))
            }
        }
        return effects
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case let .request(replica, request, delay):
                scheduler.schedule(after: delay) { [self] in deliver(request, to: replica) }
            case let .reply(replica, reply, delay):
                scheduler.schedule(after: delay) { [self] in event(.reply(from: replica, reply), for: reply.id.operation) }
            case let .complete(completion, result):
                completion(result)
            }
        }
    }

    private func deliver(_ request: ReplicaRequest, to replica: Int) {
        let effects: [Effect] = state.withLock { state in
            guard state.replicas.indices.contains(replica), var replicaState = state.replicas[replica] else { return [] }
            let step = replicaState.handle(request)
            if let save = step.save {
                do {
                    try stores[replica].save(save.entry, for: save.slot)
                } catch {
                    // Never acknowledge what was not persisted: the replica is as good as crashed.
                    state.replicas[replica] = nil
                    return []
                }
            }
            state.replicas[replica] = replicaState
            guard let delay = state.network.delay(for: replica, using: &state.generator) else { return [] }
            return [.reply(from: replica, step.reply, after: delay)]
        }
        perform(effects)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue &+ attoseconds / 1_000_000_000
    }
}
