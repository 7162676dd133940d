/// How hard SQLite works to make a commit survive power loss (`PRAGMA synchronous`).
///
/// With WAL, `.full` syncs the log at every commit: an acknowledged write survives power loss.
/// `.normal` syncs only at checkpoints: still safe against a process crash (`kill -9`), but the last
/// commits may be lost if the machine loses power.
public enum SynchronousMode: String, Sendable, Hashable, CaseIterable {
    case full = "FULL"
    case normal = "NORMAL"
}
