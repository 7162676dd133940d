/// An array of registers as stored: its name, shape and when it was created.
public struct ArrayRecord: Sendable, Hashable {
    /// Unique among arrays.
    public var name: String
    /// Number of registers, indexed from 0.
    public var size: Int
    /// `safe`, `regular` or `atomic`; stored as given.
    public var semantics: String
    /// Number of replicas, at least 1.
    public var replicas: Int
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Where the replicas run: `local` (in the server's process) or `nodes` (replica processes).
    public var placement: String

    public init(name: String, size: Int, semantics: String, replicas: Int, createdAt: Int64, placement: String = "local") {
        self.name = name
        self.size = size
        self.semantics = semantics
        self.replicas = replicas
        self.createdAt = createdAt
        self.placement = placement
    }
}
