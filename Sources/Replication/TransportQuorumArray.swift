import Histories
import Synchronization

/// An array of registers whose replicas are reached through a `ReplicaTransport`: the quorum
/// protocols (`QuorumRead`, `QuorumWrite`) driven in real time against replicas in other processes.
///
/// The same `QuorumDriver` as `QuorumArray` without the simulated network: each `send` action goes to the
/// transport, each reply comes back as an event. An unanswered round is sent again every
/// `retransmitInterval` (a request lost with a broken connection is then retried on a new one), and
/// an operation not finished `deadline` after it began fails with `quorumUnavailable` (a write may
/// still take effect: the app records it as `info`). There are no fault injection calls: faults are
/// real (a replica process is killed, or its link fails).
///
/// All mutable state sits in the one `Mutex` of its `QuorumDriver`; the transport and completions
/// are called outside it.
public final class TransportQuorumArray: RegisterArrayReplication, ReplicaStatusReporting {
    public let semantics: RegisterSemantics
    public let replicas: Int
    /// Operations fail this long after they begin, in nanoseconds.
    public let deadline: Int64
    /// An unanswered round is sent again this often, in nanoseconds; 0 never.
    public let retransmitInterval: Int64

    public let transport: any ReplicaTransport
    private let driver: QuorumDriver<TransportCarrier>

    /// Hands each request to the transport as it is sent: the transport keeps no state under the
    /// driver's lock, and its replies come back as events.
    struct TransportCarrier: ReplicaCarrier {
        let transport: any ReplicaTransport

        struct Delivery: Sendable {
            let replica: Int
            let request: ReplicaRequest
        }

        func route(
            _ request: ReplicaRequest, to replica: Int, replicas: inout Void, generator: inout SplitMix64
        ) -> Delivery? {
            Delivery(replica: replica, request: request)
        }

        func carry(_ delivery: Delivery, through driver: QuorumDriver<Self>) {
            let replica = delivery.replica
            transport.send(delivery.request, to: replica) { reply in
                driver.event(.reply(from: replica, reply), for: reply.id.operation)
            }
        }
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
        driver = QuorumDriver(
            carrier: TransportCarrier(transport: transport), replicas: (), deadline: self.deadline,
            retransmitInterval: self.retransmitInterval, scheduler: scheduler, seed: seed
        )
    }

    public func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        driver.read(index: index, configuration: configuration, completion: completion)
    }

    public func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        driver.write(index: index, value: value, configuration: configuration, completion: completion)
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
        driver.operationsInFlight
    }
}
