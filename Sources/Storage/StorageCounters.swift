/// Group-commit counters, for metrics.
public struct StorageCounters: Sendable, Hashable {
    /// Transactions committed by the writer thread.
    public var commits: Int = 0
    /// Of those, the commits that had to be synced to disk before they were answered (see
    /// `SynchronousMode`).
    public var syncedCommits: Int = 0
    /// Checkpoints of the log into the database file, and those that failed.
    public var checkpoints: Int = 0
    public var failedCheckpoints: Int = 0
    /// Commits that failed (every submission in them was answered with the error).
    public var failedCommits: Int = 0
    /// Submissions (calls to `submit`, and array creations and deletions) made durable.
    public var submissionsCommitted: Int = 0
    /// Journal entries made durable.
    public var entriesCommitted: Int = 0
    /// Submissions that shared the last commit: the group-commit batch size.
    public var lastBatchSize: Int = 0
    /// The largest batch so far.
    public var largestBatchSize: Int = 0
    /// Time spent in committed transactions, from BEGIN to COMMIT's return, in nanoseconds.
    public var commitNanoseconds: UInt64 = 0
    /// Syncs of the log (each makes every commit before it durable), and the time spent in them in
    /// nanoseconds: over `logSyncs`, the disk's sync latency.
    public var logSyncs: Int = 0
    public var logSyncNanoseconds: UInt64 = 0

    public init() {}
}
