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
/// All mutable state, replicas and network included, sits in the one `Mutex` of its `QuorumDriver`,
/// so the type is `Sendable` without further reasoning; completions and scheduled work run outside
/// the lock, on the scheduler's threads. Replica stores are written under the lock, so a store is
/// acknowledged only once persisted, at the cost of serializing persistence across replicas.
public final class QuorumArray: RegisterArrayReplication {
    public let semantics: RegisterSemantics
    public let replicas: Int
    /// Operations fail this long after they begin, in nanoseconds.
    public let deadline: Int64
    /// An unanswered round is sent again this often, in nanoseconds (links may lose messages).
    public let retransmitInterval: Int64

    let initial: [Value]
    var stores: [any ReplicaStore] { driver.carrier.stores }
    let driver: QuorumDriver<SimulatedCarrier>

    /// The in-process replicas and the links to them, under the driver's lock with the pending
    /// operations: a message's delay is drawn from the same generator as writer ids, and a replica
    /// handles a request atomically with respect to crashes and recoveries.
    struct SimulatedReplicas: Sendable {
        /// nil while crashed.
        var states: [ReplicaState?]
        var network: SimulatedNetwork
    }

    /// Delivers requests to in-process replicas after the network's delay, and their replies back
    /// after another.
    struct SimulatedCarrier: ReplicaCarrier {
        let stores: [any ReplicaStore]

        struct Delivery: Sendable {
            let replica: Int
            let request: ReplicaRequest
            let delay: Int64
        }

        func route(
            _ request: ReplicaRequest, to replica: Int, replicas: inout SimulatedReplicas,
            generator: inout SplitMix64
        ) -> Delivery? {
            guard let delay = replicas.network.delay(for: replica, using: &generator) else { return nil }
            return Delivery(replica: replica, request: request, delay: delay)
        }

        func carry(_ delivery: Delivery, through driver: QuorumDriver<Self>) {
            driver.scheduler.schedule(after: delivery.delay) {
                deliver(delivery.request, to: delivery.replica, through: driver)
            }
        }

        private func deliver(_ request: ReplicaRequest, to replica: Int, through driver: QuorumDriver<Self>) {
            let answer: (reply: ReplicaReply, delay: Int64)? = driver.state.withLock { state in
                guard state.replicas.states.indices.contains(replica),
                    var replicaState = state.replicas.states[replica]
                else { return nil }
                let step = replicaState.handle(request)
                if let save = step.save {
                    do {
                        try stores[replica].save(save.entry, for: save.slot)
                    } catch {
                        // Never acknowledge what was not persisted: the replica is as good as crashed.
                        state.replicas.states[replica] = nil
                        return nil
                    }
                }
                state.replicas.states[replica] = replicaState
                guard let delay = state.replicas.network.delay(for: replica, using: &state.generator) else { return nil }
                return (step.reply, delay)
            }
            guard let (reply, delay) = answer else { return }
            driver.scheduler.schedule(after: delay) {
                driver.event(.reply(from: replica, reply), for: reply.id.operation)
            }
        }
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
        let states = stores.map { store in
            (try? store.load()).map { ReplicaState(initial: initial, semantics: semantics, persisted: $0) }
        }
        driver = QuorumDriver(
            carrier: SimulatedCarrier(stores: stores), replicas: SimulatedReplicas(states: states, network: network),
            deadline: self.deadline, retransmitInterval: self.retransmitInterval,
            scheduler: scheduler, seed: seed
        )
    }

    public func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        driver.read(index: index, configuration: quorumConfiguration, completion: completion)
    }

    public func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        driver.write(index: index, value: value, configuration: quorumConfiguration, completion: completion)
    }

    var quorumConfiguration: QuorumConfiguration {
        QuorumConfiguration(replicas: replicas, semantics: semantics)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue &+ attoseconds / 1_000_000_000
    }
}
