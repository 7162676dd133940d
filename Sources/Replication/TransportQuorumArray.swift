import Histories
import Synchronization

/// An array of registers whose replicas are reached through a `ReplicaTransport`: the quorum
/// protocols (`QuorumRead`, `QuorumWrite`) driven in real time against replicas in other processes.
///
/// The same driver as `QuorumArray` without the simulated network: each `send` action goes to the
/// transport, each reply comes back as an event. An unanswered round is sent again every
/// `retransmitInterval` (a request lost with a broken connection is then retried on a new one), and
/// an operation not finished `deadline` after it began fails with `quorumUnavailable` (a write may
/// still take effect: the app records it as `info`). There are no fault injection calls: faults are
/// real (a replica process is killed, or its link fails).
///
/// All mutable state sits in one `Mutex`; the transport and completions are called outside it.
public final class TransportQuorumArray: RegisterArrayReplication, ReplicaStatusReporting {
    public let semantics: RegisterSemantics
    public let replicas: Int
    /// Operations fail this long after they begin, in nanoseconds.
    public let deadline: Int64
    /// An unanswered round is sent again this often, in nanoseconds; 0 never.
    public let retransmitInterval: Int64

    public let transport: any ReplicaTransport
    private let scheduler: any Scheduler
    private let state: Mutex<RunnerState>

    private struct RunnerState: Sendable {
        var pending: [UInt64: Pending] = [:]
        var nextOperation: UInt64 = 0
        var generator: SplitMix64
    }

    private struct Pending: Sendable {
        var machine: any QuorumOperation
        let completion: @Sendable (Result<Value, ReplicationError>) -> Void
    }

    private enum Effect: Sendable {
        case send(to: Int, ReplicaRequest)
        case complete(@Sendable (Result<Value, ReplicationError>) -> Void, Result<Value, ReplicationError>)
    }

    /// An array over `replicas` replicas (at least 1) reached through `transport`, which numbers them
    /// `0..<replicas`. Registers hold what the replicas hold; the replicas know their initial values.
    /// `seed` draws writer ids (random by default).
    public init(
        semantics: RegisterSemantics, replicas: Int, transport: any ReplicaTransport,
        deadline: Duration = .seconds(2), retransmitInterval: Duration = .milliseconds(250),
        scheduler: any Scheduler = DispatchScheduler(), seed: UInt64 = UInt64.random(in: .min ... .max)
    ) {
        self.semantics = semantics
        self.replicas = max(replicas, 1)
        self.deadline = QuorumArray.nanoseconds(deadline)
        self.retransmitInterval = QuorumArray.nanoseconds(retransmitInterval)
        self.transport = transport
        self.scheduler = scheduler
        state = Mutex(RunnerState(generator: SplitMix64(seed: seed)))
    }

    public func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        start(completion: completion) { id, _ in
            QuorumRead(id: id, register: index, configuration: self.configuration)
        }
    }

    public func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        start(completion: { completion($0.map { _ in () }) }) { id, writer in
            QuorumWrite(id: id, register: index, value: value, writer: writer, configuration: self.configuration)
        }
    }

    var configuration: QuorumConfiguration {
        QuorumConfiguration(replicas: replicas, semantics: semantics)
    }

    public var replicaStates: [ReplicaStatus] {
        (0..<replicas).map { transport.status(of: $0) }
    }

    public var hasLiveQuorum: Bool {
        replicaStates.filter { $0 == .up }.count >= configuration.quorum
    }

    /// Operations started and not yet finished.
    public var operationsInFlight: Int {
        state.withLock { $0.pending.count }
    }

    // MARK: - Driving operations

    private func start(
        completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void,
        _ make: (_ id: UInt64, _ writer: UInt64) -> any QuorumOperation
    ) {
        let (id, effects) = state.withLock { state in
            let id = state.nextOperation
            state.nextOperation += 1
            // Random writer ids: unique per write with overwhelming probability, also across
            // restarts of the coordinator and between coordinators.
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
            guard state.withLock({ $0.pending[id] != nil }) else { return }
            event(.retransmit, for: id)
            scheduleRetransmit(id)
        }
    }

    private func event(_ event: OperationEvent, for id: UInt64) {
        perform(state.withLock { Self.drive(id, with: event, in: &$0) })
    }

    private static func drive(_ id: UInt64, with event: OperationEvent, in state: inout RunnerState) -> [Effect] {
        guard var pending = state.pending[id] else { return [] }
        let actions = pending.machine.handle(event)
        state.pending[id] = pending
        var effects: [Effect] = []
        for action in actions {
            switch action {
            case let .send(replica, request):
                effects.append(.send(to: replica, request))
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
            case let .send(replica, request):
                transport.send(request, to: replica) { [self] reply in
                    event(.reply(from: replica, reply), for: reply.id.operation)
                }
            case let .complete(completion, result):
                completion(result)
            }
        }
    }
}
