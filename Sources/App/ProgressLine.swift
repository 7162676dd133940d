import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// "checking FILE… 3.4 s" on a terminal, for work that takes more than a second; nothing when
/// standard error is not a terminal (logs and pipes stay clean).
final class ProgressLine: @unchecked Sendable {
    // @unchecked: `timer` is set once in init and afterwards only cancelled (DispatchSource is
    // thread-safe); `shown` is atomic.
    private var timer: (any DispatchSourceTimer)?
    private let shown = Atomic<Bool>(false)

    init(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        let start = DispatchTime.now()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: start + 1, repeating: 0.25)
        timer.setEventHandler { [self] in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            shown.store(true, ordering: .relaxed)
            StandardError.write("\r\u{1B}[Kchecking \(label)… \(DecimalText.fixed(seconds, 1)) s")
        }
        self.timer = timer
        timer.resume()
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
