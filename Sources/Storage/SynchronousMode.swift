/// Which commits are synced to disk before they are answered, to survive power loss.
///
/// Every commit writes the log (SQLite's `synchronous = NORMAL` with WAL), which survives a process
/// crash (`kill -9`) but not the machine losing power; the commits that must survive that too are
/// answered after a sync of the log (`LogSyncer`), as a commit at `FULL` would be. A sync covers
/// the whole log, so it makes every earlier commit durable too: what power loss can take is always
/// a suffix of the commits since the last sync.
public enum SynchronousMode: String, Sendable, Hashable, CaseIterable {
    /// Every commit is synced.
    case full
    /// A commit is synced when it changes state: a write, an array, a replica's store. A commit that
    /// only records completed reads is not (a read changes nothing); the next synced commit makes
    /// it durable. Power loss can therefore take only the records of reads answered after the last
    /// change, and a history missing them is still a history the memory produced.
    case writes
    /// No commit is synced; SQLite syncs the log only at checkpoints. Safe against process crashes.
    case normal
}
