/// Group-commit counters, for metrics.
public struct StorageCounters: Sendable, Hashable {
    /// Transactions committed by the writer thread.
    public var commits: Int = 0
    /// Of those, the commits synced to disk (see `SynchronousMode`).
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
    /// Time spent in committed transactions, from BEGIN to COMMIT's return (the sync included),
    /// and the part of it in synced commits, in nanoseconds. Over `commits` and `syncedCommits`
    /// they give the mean commit time, where the disk's sync latency shows.
    public var commitNanoseconds: UInt64 = 0
    public var syncedCommitNanoseconds: UInt64 = 0

    public init() {}
}
