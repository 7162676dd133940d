import Histories

/// A client-side read or write of the quorum protocols, as a state machine.
///
/// The driver feeds it events and carries out the actions it returns, in order: it sends messages,
/// and reports the outcome. After `complete` or `fail` the operation is finished and ignores every
/// further event. The machine reads no clock: the driver decides when `retransmit` and `timeout` happen.
public protocol QuorumOperation: Sendable {
    /// Unique among the operations of one driver; replies carry it in their `RequestID`.
    var id: UInt64 { get }
    /// True once the operation has completed or failed.
    var isFinished: Bool { get }
    /// Advances the operation by one event.
    mutating func handle(_ event: OperationEvent) -> [OperationAction]
}

/// What happens to a client operation.
public enum OperationEvent: Sendable, Hashable {
    /// Begin: the first round's requests go out to every replica.
    case start
    /// A replica answered.
    case reply(from: Int, ReplicaReply)
    /// Time to send the current round again to the replicas that have not answered it (links lose messages).
    case retransmit
    /// The deadline passed: fail unless already finished.
    case timeout
}

/// What a client operation asks its driver to do.
public enum OperationAction: Sendable, Equatable {
    case send(to: Int, ReplicaRequest)
    /// Finished: a read's value, or the value a write wrote.
    case complete(Value)
    /// Finished without a quorum; a write may still have taken effect.
    case fail(ReplicationError)
}

/// The replicas an operation talks to and how many make a quorum.
public struct QuorumConfiguration: Sendable, Hashable {
    /// Replicas are numbered `0..<replicas`.
    public var replicas: Int
    public var semantics: RegisterSemantics

    public init(replicas: Int, semantics: RegisterSemantics) {
        self.replicas = max(replicas, 1)
        self.semantics = semantics
    }

    /// A majority: any two quorums share a replica, which is what carries the latest tag from a
    /// write to any later operation (Attiya, Bar-Noy and Dolev 1995).
    public var quorum: Int { replicas / 2 + 1 }
}
