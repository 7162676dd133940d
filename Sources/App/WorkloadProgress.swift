import Synchronization

/// Counts a workload's finished operations, and shows them as a progress bar (`ProgressLine`).
final class WorkloadProgress: Sendable {
    private let done: Count
    private let bar: ProgressLine

    init(total: Int, enabled: Bool) {
        let done = Count()
        self.done = done
        bar = ProgressLine(after: 0.25, enabled: enabled) { seconds in
            Self.line(done: done.value.load(ordering: .relaxed), total: total, seconds: seconds)
        }
    }

    /// Counts one more finished operation.
    func finishedOne() { done.value.add(1, ordering: .relaxed) }

    /// Stops the bar and erases it. Must be called.
    func finish() { bar.finish() }

    /// `[##########··········] 412/800  51%  563.1 ops/s`
    static func line(done: Int, total: Int, seconds: Double) -> String {
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
        let percent = total > 0 ? done * 100 / total : 100
        let rate = seconds > 0 ? Double(done) / seconds : 0
        return "[\(bar)] \(done)/\(total)  \(percent)%  \(DecimalText.fixed(rate, 1)) ops/s"
    }

    /// The counter, shared with the bar's text.
    private final class Count: Sendable {
        let value = Atomic<Int>(0)
    }
}
