/// One operation of a history (SPEC §1): a read, write or cas on one register by one process.
///
/// Times are integers (nanoseconds recommended) and only their order matters. `a` precedes `b` when
/// `a.complete < b.invoke`, strictly: equal times are concurrent. An `info` operation has no
/// completion and precedes nothing.
public struct Operation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case read, write, cas
    }

    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Completed, result known.
        case ok
        /// Known not to have taken effect.
        case fail
        /// Indeterminate: may or may not have taken effect; never completes.
        case info
    }

    /// Unique within its history.
    public var id: Int
    public var process: Label
    public var register: Label
    public var kind: Kind
    /// read: the value returned; write: the value written; cas: the new value.
    public var value: Value
    /// cas only: the value the register must hold for the cas to take effect.
    public var expected: Value?
    public var invoke: Int64
    /// nil exactly when `status == .info`.
    public var complete: Int64?
    public var status: Status

    public init(
        id: Int, process: Label, register: Label, kind: Kind, value: Value, expected: Value? = nil,
        invoke: Int64, complete: Int64?, status: Status
    ) {
        self.id = id
        self.process = process
        self.register = register
        self.kind = kind
        self.value = value
        self.expected = expected
        self.invoke = invoke
        self.complete = complete
        self.status = status
    }

    /// True when `self` completed strictly before `other` was invoked.
    public func precedes(_ other: Operation) -> Bool {
        guard let complete else { return false }
        return complete < other.invoke
    }
}
