/// How the client side sees one replica of a `QuorumArray`.
public enum ReplicaStatus: String, Sendable, Hashable, CaseIterable {
    /// Running and reachable.
    case up
    /// Running, but cut off from the client by a partition.
    case partitioned
    /// Crashed: answers nothing until recovered.
    case crashed
    /// A replica in another process that did not answer its last request (down, or out of reach):
    /// the client cannot tell which.
    case unreachable
}
