import ArgumentParser
import Storage

/// `--synchronous writes|full|normal`, shared by `serve` and `replica`.
extension SynchronousMode: ExpressibleByArgument {
    static let help = ArgumentHelp(
        "When commits are synced to disk: 'writes' (every commit that changes state; commits of reads alone are not), 'full' (every commit) or 'normal' (none; safe against crashes, not power loss).")
}
