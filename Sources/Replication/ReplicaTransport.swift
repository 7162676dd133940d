/// How a `TransportQuorumArray` reaches its replicas: the messages of the quorum protocols carried
/// between the client side and replicas that live elsewhere (other processes, over HTTP).
///
/// A transport is a lossy link as far as the protocols care: a request may go unanswered (the
/// replica is down, slow, or the connection failed) and the driver copes by retransmitting and by
/// its deadline. A transport must never answer on a replica's behalf.
public protocol ReplicaTransport: Sendable {
    /// Sends `request` to `replica` without waiting; calls `reply` at most once, on any thread, when
    /// the replica answers. A request the transport gives up on is dropped silently.
    func send(_ request: ReplicaRequest, to replica: Int, reply: @escaping @Sendable (ReplicaReply) -> Void)

    /// How the transport last found `replica`: `.up` or `.unreachable`.
    func status(of replica: Int) -> ReplicaStatus
}

/// Replicas whose status a client can report, for readiness and descriptions.
public protocol ReplicaStatusReporting: Sendable {
    /// Each replica's status, replica 0 first.
    var replicaStates: [ReplicaStatus] { get }
    /// Whether a quorum of replicas is up, so operations can complete.
    var hasLiveQuorum: Bool { get }
}

extension QuorumArray: ReplicaStatusReporting {}
