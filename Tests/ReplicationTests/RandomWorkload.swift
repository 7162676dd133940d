import Histories
@testable import Replication

/// A seeded random run for the simulator: several clients reading and writing two registers over
/// 3 or 5 replicas with uneven, changing, lossy links, while a minority of replicas crash (and some
/// recover).
///
/// Reads outnumber writes and clients barely pause, so reads overlap writes often: that is where
/// `regular` shows new-then-old and `safe` shows torn values. Every write writes a distinct string
/// made of two equal halves (`"10171017"`), so a torn read (`"10171023"`) is a value nobody wrote.
struct RandomWorkload {
    static let millisecond: Int64 = 1_000_000

    var configuration: SimulationConfiguration
    var clients: [[PlannedOperation]]
    var faults: [ScheduledFault]

    init(semantics: RegisterSemantics, seed: UInt64) {
        var random = SplitMix64(seed: seed ^ 0x5EED)
        let ms = Self.millisecond
        let replicas = Bool.random(using: &random) ? 3 : 5
        let loss = Double.random(in: 0...0.1, using: &random)
        configuration = SimulationConfiguration(
            semantics: semantics, replicas: replicas, initial: [.null, .null],
            network: Self.links(replicas: replicas, loss: loss, using: &random),
            deadline: 400 * ms, retransmitInterval: 60 * ms, seed: seed)

        var written = 0
        clients = (0..<Int.random(in: 3...5, using: &random)).map { _ in
            (0..<Int.random(in: 8...14, using: &random)).map { _ in
                let register = Int.random(in: 0...1, using: &random)
                let pause = Int64.random(in: 0...15, using: &random) * ms
                guard Double.random(in: 0..<1, using: &random) < 0.35 else {
                    return PlannedOperation(.read, register: register, pause: pause)
                }
                written += 1
                let half = String(1000 + written)
                return PlannedOperation(.write(.string(half + half)), register: register, pause: pause)
            }
        }

        // Crash up to a minority, each at a random time; half of them come back later.
        var faults: [ScheduledFault] = []
        let crashes = Int.random(in: 0...((replicas - 1) / 2), using: &random)
        for replica in Array(0..<replicas).shuffled(using: &random).prefix(crashes) {
            let at = Int64.random(in: 0...300, using: &random) * ms
            faults.append(ScheduledFault(at: at, .crash(replica: replica)))
            if Bool.random(using: &random) {
                faults.append(ScheduledFault(at: at + Int64.random(in: 10...300, using: &random) * ms, .recover(replica: replica)))
            }
        }

        // Links change every 10 to 40 ms: a replica fast for one message can be slow for the next, so
        // stores and queries overtake each other. Some runs also cut the client off from a majority
        // for longer than the deadline, so operations time out.
        let outage: ClosedRange<Int64>? = Double.random(in: 0..<1, using: &random) < 0.3
            ? { let from = Int64.random(in: 0...800, using: &random) * ms; return from...(from + 600 * ms) }()
            : nil
        let isolated = Array(Array(0..<replicas).shuffled(using: &random).prefix((replicas - 1) / 2))
        var time: Int64 = 0
        while time < 3_000 * ms {
            time += Int64.random(in: 10...40, using: &random) * ms
            var network = Self.links(replicas: replicas, loss: loss, using: &random)
            if let outage, outage.contains(time) { network.partitions = [isolated] }
            faults.append(ScheduledFault(at: time, .network(network)))
        }
        if let outage { faults.append(ScheduledFault(at: outage.upperBound, .network(Self.links(replicas: replicas, loss: loss, using: &random)))) }
        self.faults = faults
    }

    /// Each link fast (1 to 4 ms) or, one time in three, slow (30 to 90 ms).
    static func links(replicas: Int, loss: Double, using random: inout SplitMix64) -> SimulatedNetwork {
        var links: [Int: ClosedRange<Int64>] = [:]
        for replica in 0..<replicas {
            links[replica] = Double.random(in: 0..<1, using: &random) < 0.33 ? (30 * millisecond)...(90 * millisecond) : millisecond...(4 * millisecond)
        }
        return SimulatedNetwork(latency: millisecond...(4 * millisecond), linkLatency: links, loss: loss)
    }

    func run() -> SimulationOutcome {
        Simulator.run(configuration, clients: clients, faults: faults)
    }
}
