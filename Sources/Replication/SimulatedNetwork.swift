/// The links between the client side and the replicas: latency, loss and partitions.
///
/// The model: the quorum protocols only ever exchange messages between a client and a replica (replicas
/// never talk to each other), and every client of an array sits in one place, with the app. So a
/// partition is described by groups of replicas, and **the client is in the first group**: replicas of
/// the first group are reachable, replicas of any other group, or of no group, are cut off. No
/// partitions (`[]`) means every replica is reachable. `[[0, 1], [2]]` leaves replica 2 alone, and
/// `[[2], [0, 1]]` puts the client with replica 2 only (no quorum of 3).
///
/// A message on a reachable link is lost with probability `loss`, each direction independently, or
/// else delivered after a delay drawn uniformly from the link's latency range. Reachability is decided
/// when a message is sent. Delays are in the driver's unit (nanoseconds in both drivers).
public struct SimulatedNetwork: Sendable, Hashable {
    /// Delay of every link without its own range.
    public var latency: ClosedRange<Int64>
    /// Per-replica ranges that override `latency` for the link to that replica, both directions.
    public var linkLatency: [Int: ClosedRange<Int64>]
    /// Probability that one message is lost, in 0...1.
    public var loss: Double
    /// Groups of replicas; the client is with the first group. Empty: no partition.
    public var partitions: [[Int]]

    public init(
        latency: ClosedRange<Int64> = 0...0, linkLatency: [Int: ClosedRange<Int64>] = [:], loss: Double = 0,
        partitions: [[Int]] = []
    ) {
        self.latency = max(latency.lowerBound, 0)...max(latency.upperBound, 0)
        self.linkLatency = linkLatency
        self.loss = min(max(loss, 0), 1)
        self.partitions = partitions
    }

    /// A network that delivers every message at once.
    public static let reliable = SimulatedNetwork()

    /// Whether the client can exchange messages with `replica`.
    public func isReachable(_ replica: Int) -> Bool {
        guard let clientSide = partitions.first else { return true }
        return clientSide.contains(replica)
    }

    /// The delay of one message between the client and `replica`, or nil when it is lost or cut off.
    public func delay(for replica: Int, using generator: inout some RandomNumberGenerator) -> Int64? {
        guard isReachable(replica) else { return nil }
        if loss > 0, Double.random(in: 0..<1, using: &generator) < loss { return nil }
        let range = linkLatency[replica] ?? latency
        return range.lowerBound == range.upperBound ? range.lowerBound : Int64.random(in: range, using: &generator)
    }
}
