import Histories

/// The read/write path of one array: how its registers are emulated.
///
/// The app calls `read` and `write` and records the operation around them; a protocol (one replica,
/// or a quorum protocol over many) decides how the value is obtained. Completions may run on any
/// thread. Implementations must be linearizable per call for `atomic` arrays; weaker protocols may
/// return what their semantics allow.
public protocol RegisterArrayReplication: Sendable {
    /// Reads register `index` (in range, checked by the caller).
    func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void)
    /// Writes `value` to register `index` (in range, checked by the caller).
    func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void)
    /// What `read` would pass to its completion, returned instead, when the protocol can answer
    /// on the caller's thread at once; nil otherwise (and then `read` is the way). The app then
    /// records the operation in the caller's batch, and the hot path saves a completion.
    func readNow(index: Int) -> Result<Value, ReplicationError>?
    /// What `write` would pass to its completion, returned instead, when the protocol can answer
    /// on the caller's thread at once; nil otherwise (and then nothing was written).
    func writeNow(index: Int, value: Value) -> Result<Void, ReplicationError>?
}

extension RegisterArrayReplication {
    public func readNow(index: Int) -> Result<Value, ReplicationError>? { nil }
    public func writeNow(index: Int, value: Value) -> Result<Void, ReplicationError>? { nil }
}

/// Why a replicated operation did not complete.
public enum ReplicationError: Error, Sendable, Equatable {
    /// No quorum of replicas answered within the deadline; a write may still have taken effect.
    case quorumUnavailable(answered: Int, needed: Int)
}
