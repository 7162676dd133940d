import Histories
import Synchronization

/// How a replicated array reaches its replicas: the one thing `QuorumDriver` leaves to the array.
///
/// A `send` action is split in two because of the lock: `route` runs under the driver's lock, so it
/// may consult and change state that must stay consistent with the pending operations (the
/// simulated network and in-process replicas, and the generator shared with writer ids); `carry`
/// runs outside it, so it may block, schedule work or call back into the driver.
protocol ReplicaCarrier: Sendable {
    /// The array's own mutable state, kept under the driver's lock with the pending operations.
    associatedtype Replicas: Sendable
    /// What `route` decided to do for one `send`, for `carry` to do.
    associatedtype Delivery: Sendable

    /// Under the driver's lock: what sending `request` to `replica` amounts to; nil when nothing is
    /// sent (the message is lost).
    func route(
        _ request: ReplicaRequest, to replica: Int, replicas: inout Replicas, generator: inout SplitMix64
    ) -> Delivery?

    /// Outside the lock: carries out `delivery`, feeding any reply back to `driver`.
    func carry(_ delivery: Delivery, through driver: QuorumDriver<Self>)
}

/// Drives the quorum protocols (`QuorumRead`, `QuorumWrite`) in real time: the table of pending
/// operations, deadlines and retransmissions on a `Scheduler`, and the turning of each operation's
/// actions into messages (through `Carrier`) and completions.
///
/// All mutable state, the carrier's `Replicas` included, sits in one `Mutex`, so the type is
/// `Sendable` without further reasoning; the carrier's `carry`, completions and scheduled work run
/// outside the lock, on the scheduler's threads. The driver holds no reference to the array that
/// owns it, so the scheduled work it captures makes no cycle.
final class QuorumDriver<Carrier: ReplicaCarrier>: Sendable {
    /// Operations fail this long after they begin, in nanoseconds.
    let deadline: Int64
    /// An unanswered round is sent again this often, in nanoseconds; 0 never.
    let retransmitInterval: Int64
    let scheduler: any Scheduler
    let carrier: Carrier
    let state: Mutex<State>

    struct State: Sendable {
        var replicas: Carrier.Replicas
        /// Draws writer ids, and whatever randomness the carrier needs, from one seeded sequence.
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
        case carry(Carrier.Delivery)
        case complete(@Sendable (Result<Value, ReplicationError>) -> Void, Result<Value, ReplicationError>)
    }

    init(
        carrier: Carrier, replicas: Carrier.Replicas, deadline: Int64, retransmitInterval: Int64,
        scheduler: any Scheduler, seed: UInt64
    ) {
        self.carrier = carrier
        self.deadline = deadline
        self.retransmitInterval = retransmitInterval
        self.scheduler = scheduler
        state = Mutex(State(replicas: replicas, generator: SplitMix64(seed: seed)))
    }

    /// Operations started and not yet finished.
    var operationsInFlight: Int {
        state.withLock { $0.pending.count }
    }

    func read(
        index: Int, configuration: QuorumConfiguration,
        completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void
    ) {
        start(completion: completion) { id, _ in
            QuorumRead(id: id, register: index, configuration: configuration)
        }
    }

    func write(
        index: Int, value: Value, configuration: QuorumConfiguration,
        completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void
    ) {
        start(completion: { completion($0.map { _ in () }) }) { id, writer in
            QuorumWrite(id: id, register: index, value: value, writer: writer, configuration: configuration)
        }
    }

    private func start(
        completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void,
        _ make: (_ id: UInt64, _ writer: UInt64) -> any QuorumOperation
    ) {
        let (id, effects) = state.withLock { state in
            let id = state.nextOperation
            state.nextOperation += 1
            // Random writer ids: unique per write with overwhelming probability (2^-64 per pair),
            // also across restarts of the app and between coordinators, which operation numbers
            // would not be.
            let machine = make(id, state.generator.next())
            state.pending[id] = Pending(machine: machine, completion: completion)
            return (id, drive(id, with: .start, in: &state))
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

    /// Feeds `event` to operation `id`, for instance a reply the carrier brought back.
    func event(_ event: OperationEvent, for id: UInt64) {
        perform(state.withLock { drive(id, with: event, in: &$0) })
    }

    /// Feeds `event` to operation `id` and turns its actions into effects; finished operations are
    /// forgotten, so late replies find nothing and are dropped.
    private func drive(_ id: UInt64, with event: OperationEvent, in state: inout State) -> [Effect] {
        guard var pending = state.pending[id] else { return [] }
        let actions = pending.machine.handle(event)
        state.pending[id] = pending
        var effects: [Effect] = []
        for action in actions {
            switch action {
            case let .send(replica, request):
                if let delivery = carrier.route(
                    request, to: replica, replicas: &state.replicas, generator: &state.generator
                ) {
                    effects.append(.carry(delivery))
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
            case let .carry(delivery):
                carrier.carry(delivery, through: self)
            case let .complete(completion, result):
                completion(result)
            }
        }
    }
}
