/// A submitted history as stored, without its document and verdict (read those apart: they can be
/// large).
public struct HistoryRecord: Sendable, Hashable {
    /// Assigned at insert, increasing, never reused: newer histories have larger ids.
    public var id: Int64
    /// The label the user gave, if any.
    public var name: String?
    /// The input format it was submitted in (`native`, `jepsen-edn`, ...), stored as given.
    public var format: String
    /// `register` or `cas-register`, stored as given.
    public var model: String
    public var operationCount: Int
    public var registerCount: Int
    /// Unix milliseconds.
    public var createdAt: Int64
    public var verdictState: VerdictState
    /// The verdict's overall level (`atomic`, `regular`, `safe`, `none`, `unknown`); nil while pending.
    public var consistency: String?
    /// When the verdict was stored, unix milliseconds; nil while pending.
    public var checkedAt: Int64?

    public init(
        id: Int64, name: String?, format: String, model: String, operationCount: Int, registerCount: Int,
        createdAt: Int64, verdictState: VerdictState, consistency: String?, checkedAt: Int64?
    ) {
        self.id = id
        self.name = name
        self.format = format
        self.model = model
        self.operationCount = operationCount
        self.registerCount = registerCount
        self.createdAt = createdAt
        self.verdictState = verdictState
        self.consistency = consistency
        self.checkedAt = checkedAt
    }
}

/// Whether a stored history has its verdict yet.
public enum VerdictState: String, Sendable {
    /// Stored, not yet checked (or the check did not finish before a restart).
    case pending
    /// The verdict is stored.
    case done
}
