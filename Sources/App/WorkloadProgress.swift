import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Counts a workload's finished operations, and shows a progress bar on standard error a few
/// times a second when it is a terminal (nothing otherwise, so logs and pipes stay clean).
final class WorkloadProgress: @unchecked Sendable {
    // @unchecked: `timer` is set once in init and afterwards only cancelled (DispatchSource is
    // thread-safe); `completed` and `shown` are atomic.
    let completed = Atomic<Int>(0)
    private let shown = Atomic<Bool>(false)
    private var timer: (any DispatchSourceTimer)?

    init(total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        guard enabled else { return }
        let start = DispatchTime.now()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: start + 0.25, repeating: 0.25)
        timer.setEventHandler { [self] in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            shown.store(true, ordering: .relaxed)
            let line = Self.line(done: completed.load(ordering: .relaxed), total: total, seconds: seconds)
            StandardError.write("\r\u{1B}[K\(line)")
        }
        self.timer = timer
        timer.resume()
    }

    /// `[##########··········] 412/800  51%  563.1 ops/s`
    static func line(done: Int, total: Int, seconds: Double) -> String {
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
        let percent = total > 0 ? done * 100 / total : 100
        let rate = seconds > 0 ? Double(done) / seconds : 0
        return "[\(bar)] \(done)/\(total)  \(percent)%  \(DecimalText.fixed(rate, 1)) ops/s"
    }

    /// Stops the bar and erases it. Must be called (it also ends the timer's hold on `self`).
    func finish() {
        timer?.cancel()
        timer = nil
        if shown.load(ordering: .relaxed) {
            StandardError.write("\r\u{1B}[K")
        }
    }
}
