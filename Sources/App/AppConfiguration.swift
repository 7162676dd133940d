import HTTP
import HTTPServer
import Storage

/// Everything `registrar serve` needs, built by the executable (or a test) and handed to `Application`.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The SQLite file, created if missing.
    public var databasePath: String
    /// The folder of `NNNN_name.sql` files; nil to look in the usual places (`MigrationsLocator`).
    public var migrationsDirectory: String?
    /// The folder served under `/static` (`Public/`); nil to look in the usual places.
    public var publicDirectory: String?
    public var limits: Limits
    public var synchronous: SynchronousMode
    /// A replicated operation that has no quorum of answers by then fails (503; a write is `info`).
    public var quorumDeadline: Duration
    /// When set, requests that change state need `Authorization: Bearer <token>`.
    public var token: String?
    /// `host:port` of each replica node that arrays created with `"placement": "nodes"` run on;
    /// replica `r` of such an array lives on node `r`. Empty: no node placement.
    public var replicaNodes: [String]
    /// Event-loop threads; nil for `defaultEventLoops`.
    public var eventLoops: Int?

    /// One per online CPU but one, at least 1 and at most 4. The loops commit reads over one SQLite
    /// connection, one loop at a time, and the storage writer thread needs a core for its fsyncs and
    /// checkpoints: on 2 cores one loop served 67k register reads a second and two loops 50-55k.
    public static var defaultEventLoops: Int {
        max(1, min(4, ServerConfiguration.onlineProcessors - 1))
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "registrar.sqlite",
        migrationsDirectory: String? = nil, publicDirectory: String? = nil, limits: Limits = .default, synchronous: SynchronousMode = .writes,
        quorumDeadline: Duration = .seconds(2), token: String? = nil, replicaNodes: [String] = [],
        eventLoops: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.migrationsDirectory = migrationsDirectory
        self.publicDirectory = publicDirectory
        self.limits = limits
        self.synchronous = synchronous
        self.quorumDeadline = quorumDeadline
        self.token = token
        self.replicaNodes = replicaNodes
        self.eventLoops = eventLoops
    }
}
