/// Fault injection and status, for the app's fault endpoints and readiness check.
extension QuorumArray {
    /// Stops `replica`: it answers nothing and forgets what it held in memory (its store keeps what
    /// it persisted). Replicas outside `0..<replicas` are ignored.
    public func crash(replica: Int) {
        driver.state.withLock { state in
            guard state.replicas.states.indices.contains(replica) else { return }
            state.replicas.states[replica] = nil
        }
    }

    /// Restarts a crashed `replica` from its store; a running one is left alone.
    ///
    /// Throws the store's error when it cannot load, and the replica stays crashed (starting empty
    /// would forget stores it acknowledged).
    public func recover(replica: Int) throws {
        try driver.state.withLock { state throws in
            guard state.replicas.states.indices.contains(replica), state.replicas.states[replica] == nil else { return }
            let persisted = try stores[replica].load()
            state.replicas.states[replica] = ReplicaState(initial: initial, semantics: semantics, persisted: persisted)
        }
    }

    /// Changes the links from now on (messages in flight keep their delays).
    ///
    /// Each message is delayed uniformly within `latencyMillis` and lost with probability `loss`
    /// (clamped to 0...1); the client sits with the first group of `partitions`, and replicas in no
    /// group with it are cut off (see `SimulatedNetwork`). `[]` means no partition.
    public func setNetwork(latencyMillis: ClosedRange<Int>, loss: Double, partitions: [[Int]]) {
        let low = Int64(latencyMillis.lowerBound) * 1_000_000, high = Int64(latencyMillis.upperBound) * 1_000_000
        let network = SimulatedNetwork(latency: low...high, loss: loss, partitions: partitions)
        driver.state.withLock { $0.replicas.network = network }
    }

    /// The network now in force.
    public var network: SimulatedNetwork {
        driver.state.withLock { $0.replicas.network }
    }

    /// Each replica's status, replica 0 first.
    public var replicaStates: [ReplicaStatus] {
        driver.state.withLock { state in
            state.replicas.states.indices.map { replica in
                if state.replicas.states[replica] == nil { return .crashed }
                return state.replicas.network.isReachable(replica) ? .up : .partitioned
            }
        }
    }

    /// Whether a quorum of replicas is running and reachable, so operations can complete (given
    /// messages get through in time).
    public var hasLiveQuorum: Bool {
        replicaStates.filter { $0 == .up }.count >= quorumConfiguration.quorum
    }
}
