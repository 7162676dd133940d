import Replication

/// Which operations each workload client performs: decided by the seed alone, before anything
/// runs, so a run can be replayed operation for operation (the timing, and so the history, differ).
struct WorkloadPlan: Sendable, Equatable {
    struct Step: Sendable, Equatable {
        var register: Int
        /// The value to write, or nil for a read.
        var write: String?
    }

    let seed: UInt64
    let clients: Int
    let operations: Int

    /// The process name of client `client`: `w<seed>-<client>`.
    func process(_ client: Int) -> String { "w\(seed)-\(client)" }

    /// How many of the operations client `client` performs: the total shared out evenly, the
    /// first clients taking one more when it does not divide.
    func count(for client: Int) -> Int {
        operations / clients + (client < operations % clients ? 1 : 0)
    }

    /// Client `client`'s operations in order. Each write's value is `"<process>-<n>"`, with `n` the
    /// step's index, so the values of one run are distinct.
    func steps(for client: Int, registers: Int, writeRatio: Double) -> [Step] {
        // One generator per client, seeded from the run's seed and the client's number.
        var random = SplitMix64(seed: seed ^ (UInt64(client) &+ 1) &* 0xD1B5_4A32_D192_ED03)
        let name = process(client)
        return (0..<count(for: client)).map { n in
            let isWrite = Double(random.next() >> 11) / Double(1 << 53) < writeRatio
            let register = Int(random.next() % UInt64(registers))
            return Step(register: register, write: isWrite ? "\(name)-\(n)" : nil)
        }
    }
}
