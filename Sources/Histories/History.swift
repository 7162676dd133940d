/// A history of operations on one or more registers (SPEC §3, native form).
public struct History: Sendable, Hashable {
    public enum Model: String, Sendable, Hashable, CaseIterable {
        /// Plain read/write registers: all three levels are defined.
        case register
        /// Jepsen's compare-and-set register: atomic only.
        case casRegister = "cas-register"
    }

    public var name: String?
    public var model: Model
    /// The value every register holds before the first operation.
    public var initial: Value
    public var operations: [Operation]

    public init(name: String? = nil, model: Model = .register, initial: Value = .null, operations: [Operation]) {
        self.name = name
        self.model = model
        self.initial = initial
        self.operations = operations
    }

    /// The register a history names when its operations name none.
    public static let defaultRegister = Label.string("x")
}
