import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A line on standard error, redrawn four times a second while work goes on, from `delay` seconds
/// in; nothing when disabled, by default when standard error is not a terminal (logs and pipes
/// stay clean). `text` gets the seconds since the start.
final class ProgressLine: @unchecked Sendable {
    // @unchecked: `timer` is set once in init and afterwards only cancelled (DispatchSource is
    // thread-safe); `shown` is atomic.
    private var timer: (any DispatchSourceTimer)?
    private let shown = Atomic<Bool>(false)

    init(
        after delay: Double, enabled: Bool = isatty(STDERR_FILENO) == 1,
        text: @escaping @Sendable (_ seconds: Double) -> String
    ) {
        guard enabled else { return }
        let start = DispatchTime.now()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: start + delay, repeating: 0.25)
        timer.setEventHandler { [self] in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            shown.store(true, ordering: .relaxed)
            StandardError.write("\r\u{1B}[K\(text(seconds))")
        }
        self.timer = timer
        timer.resume()
    }

    /// "checking FILE… 3.4 s", for a check that takes more than a second.
    convenience init(checking label: String) {
        self.init(after: 1) { seconds in "checking \(label)… \(DecimalText.fixed(seconds, 1)) s" }
    }

    /// Stops the line and erases it. Must be called (it also ends the timer's hold on `self`).
    func finish() {
        timer?.cancel()
        timer = nil
        if shown.load(ordering: .relaxed) {
            StandardError.write("\r\u{1B}[K")
        }
    }
}
