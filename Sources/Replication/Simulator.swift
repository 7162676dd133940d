import Histories

/// The deterministic driver: runs clients, replicas and the network in virtual time, on no threads.
///
/// Each client is a process that performs its planned operations one after the other. Every message,
/// retransmission, deadline and fault is an event in one queue, ordered by virtual time and then by the
/// order it was scheduled; every random choice (delays, losses) comes from one `SplitMix64` seeded by
/// the configuration. So a run replays exactly from its seed.
public struct Simulator {
    private enum Event: Sendable {
        case invoke(client: Int)
        case request(to: Int, ReplicaRequest)
        case reply(from: Int, ReplicaReply)
        case retransmit(operation: UInt64)
        case timeout(operation: UInt64)
        case fault(ScheduledFault.Fault)
    }

    private struct Running: Sendable {
        var machine: any QuorumOperation
        let client: Int
        let planned: PlannedOperation
        let invoke: Int64
    }

    private let configuration: SimulationConfiguration
    private var now: Int64 = 0
    private var events = EventQueue<Event>()
    private var generator: SplitMix64
    private var network: SimulatedNetwork
    /// nil while crashed.
    private var replicas: [ReplicaState?]
    private let stores: [any ReplicaStore]
    private var plans: [[PlannedOperation]]
    private var running: [UInt64: Running] = [:]
    private var nextOperation: UInt64 = 0
    private var outcomes: [(operation: UInt64, outcome: OperationOutcome)] = []
    private var messages = 0

    private init(configuration: SimulationConfiguration, clients: [[PlannedOperation]]) {
        self.configuration = configuration
        generator = SplitMix64(seed: configuration.seed)
        network = configuration.network
        let fresh = ReplicaState(initial: configuration.initial, semantics: configuration.semantics)
        replicas = Array(repeating: fresh, count: configuration.replicas)
        stores = (0..<configuration.replicas).map { _ in InMemoryReplicaStore() }
        plans = clients.map { $0.reversed() }
    }

    /// Runs `clients` (one list of operations per process) with `faults`, until every operation has
    /// finished and no message is left in flight.
    public static func run(
        _ configuration: SimulationConfiguration, clients: [[PlannedOperation]], faults: [ScheduledFault] = []
    ) -> SimulationOutcome {
        var simulator = Simulator(configuration: configuration, clients: clients)
        for fault in faults { simulator.events.schedule(.fault(fault.fault), at: fault.time) }
        for client in clients.indices {
            simulator.events.schedule(.invoke(client: client), at: clients[client].first?.pause ?? 0)
        }
        while let (time, event) = simulator.events.pop() {
            simulator.now = time
            simulator.process(event)
        }
        let ordered = simulator.outcomes.sorted { ($0.outcome.invoke, $0.operation) < ($1.outcome.invoke, $1.operation) }
        return SimulationOutcome(operations: ordered.map(\.outcome), messages: simulator.messages, endTime: simulator.now)
    }

    private mutating func process(_ event: Event) {
        switch event {
        case let .invoke(client):
            invoke(client: client)
        case let .request(replica, request):
            deliver(request, to: replica)
        case let .reply(replica, reply):
            drive(reply.id.operation, with: .reply(from: replica, reply))
        case let .retransmit(operation):
            guard running[operation] != nil else { return }
            drive(operation, with: .retransmit)
            if running[operation] != nil {
                events.schedule(.retransmit(operation: operation), at: now + configuration.retransmitInterval)
            }
        case let .timeout(operation):
            drive(operation, with: .timeout)
        case let .fault(fault):
            apply(fault)
        }
    }

    private mutating func invoke(client: Int) {
        guard let planned = plans[client].popLast() else { return }
        let id = nextOperation
        nextOperation += 1
        let quorum = QuorumConfiguration(replicas: configuration.replicas, semantics: configuration.semantics)
        let machine: any QuorumOperation
        switch planned.kind {
        case .read:
            machine = QuorumRead(id: id, register: planned.register, configuration: quorum)
        case let .write(value):
            // Operation ids are unique, so writer ids are too (0 is the initial tag's writer).
            machine = QuorumWrite(id: id, register: planned.register, value: value, writer: id + 1, configuration: quorum)
        }
        running[id] = Running(machine: machine, client: client, planned: planned, invoke: now)
        events.schedule(.timeout(operation: id), at: now + configuration.deadline)
        if configuration.retransmitInterval > 0 {
            events.schedule(.retransmit(operation: id), at: now + configuration.retransmitInterval)
        }
        drive(id, with: .start)
    }

    private mutating func drive(_ operation: UInt64, with event: OperationEvent) {
        // Replies to finished operations arrive late: they are ignored.
        guard var current = running[operation] else { return }
        let actions = current.machine.handle(event)
        running[operation] = current
        for action in actions {
            switch action {
            case let .send(replica, request):
                messages += 1
                if let delay = network.delay(for: replica, using: &generator) {
                    events.schedule(.request(to: replica, request), at: now + delay)
                }
            case let .complete(value):
                finish(current, id: operation, result: .success(value))
            case let .fail(error):
                finish(current, id: operation, result: .failure(error))
            }
        }
    }

    private mutating func finish(_ finished: Running, id: UInt64, result: Result<Value, ReplicationError>) {
        running[id] = nil
        let outcome = OperationOutcome(
            client: finished.client, register: finished.planned.register, kind: finished.planned.kind,
            invoke: finished.invoke, complete: now, result: result)
        outcomes.append((id, outcome))
        if let next = plans[finished.client].last {
            events.schedule(.invoke(client: finished.client), at: now + max(next.pause, 0))
        }
    }

    private mutating func deliver(_ request: ReplicaRequest, to replica: Int) {
        guard replicas.indices.contains(replica), var state = replicas[replica] else { return }
        let step = state.handle(request)
        if let save = step.save {
            do {
                try stores[replica].save(save.entry, for: save.slot)
            } catch {
                // A replica that cannot persist must not acknowledge: it is as good as crashed.
                replicas[replica] = nil
                return
            }
        }
        replicas[replica] = state
        messages += 1
        if let delay = network.delay(for: replica, using: &generator) {
            events.schedule(.reply(from: replica, step.reply), at: now + delay)
        }
    }

    private mutating func apply(_ fault: ScheduledFault.Fault) {
        switch fault {
        case let .crash(replica):
            guard replicas.indices.contains(replica) else { return }
            replicas[replica] = nil
        case let .recover(replica):
            guard replicas.indices.contains(replica), replicas[replica] == nil else { return }
            // Recovering without the persisted state would forget acknowledged stores: stay down.
            guard let persisted = try? stores[replica].load() else { return }
            replicas[replica] = ReplicaState(initial: configuration.initial, semantics: configuration.semantics, persisted: persisted)
        case let .network(conditions):
            network = conditions
        }
    }
}
