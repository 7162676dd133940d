/// What a workload's clients measured: one latency per answered request, answers by status, and
/// the failures that stopped a client.
struct WorkloadStatistics: Sendable, Equatable {
    /// Nanoseconds from sending a request to its complete response, in completion order per client.
    var latencies: [Int64] = []
    /// Answered requests by HTTP status code.
    var statuses: [Int: Int] = [:]
    /// One line per client stopped by a connection failure (`process: error`).
    var failures: [String] = []

    var answered: Int { latencies.count }

    mutating func record(status: Int, nanoseconds: Int64) {
        latencies.append(nanoseconds)
        statuses[status, default: 0] += 1
    }

    mutating func merge(_ other: WorkloadStatistics) {
        latencies += other.latencies
        for (status, count) in other.statuses { statuses[status, default: 0] += count }
        failures += other.failures
    }

    /// The nearest-rank percentile `p` (0 < p ≤ 1) of `sorted`: the smallest latency with at
    /// least p of all latencies at or below it. nil when nothing was measured.
    static func percentile(_ p: Double, of sorted: [Int64]) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The report's measurement lines: operations and time, throughput, latency, statuses.
    func lines(seconds: Double) -> [String] {
        let sorted = latencies.sorted()
        var lines = ["completed: \(answered) operations in \(DecimalText.fixed(seconds, 2)) s"]
        lines.append("throughput: \(DecimalText.fixed(seconds > 0 ? Double(answered) / seconds : 0, 1)) ops/s")
        if let p50 = Self.percentile(0.5, of: sorted), let p99 = Self.percentile(0.99, of: sorted), let max = sorted.last {
            lines.append("latency: p50 \(Self.millis(p50)) ms, p99 \(Self.millis(p99)) ms, max \(Self.millis(max)) ms")
        } else {
            lines.append("latency: no request was answered")
        }
        let known = [200, 409, 503]
        let other = statuses.filter { !known.contains($0.key) }.values.reduce(0, +)
        lines.append("status: " + known.map { "\($0) × \(statuses[$0, default: 0])" }.joined(separator: ", ")
            + ", other × \(other)")
        if !failures.isEmpty {
            lines.append("connection errors: \(failures.count) client\(failures.count == 1 ? "" : "s") stopped; first: \(failures[0])")
        }
        return lines
    }

    static func millis(_ nanoseconds: Int64) -> String { DecimalText.fixed(Double(nanoseconds) / 1e6, 2) }
}
