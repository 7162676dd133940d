import HTTP

/// What `registrar workload` was asked to do (SPEC §6).
public struct WorkloadConfiguration: Sendable {
    /// How to create the array when it does not exist.
    public struct Creation: Sendable {
        public var size: Int
        /// nil: the server's default (atomic).
        public var semantics: String?
        /// nil: the server's default.
        public var replicas: Int?

        public init(size: Int, semantics: String? = nil, replicas: Int? = nil) {
            self.size = size
            self.semantics = semantics
            self.replicas = replicas
        }
    }

    /// The server's root, e.g. `http://127.0.0.1:8080`.
    public var url: String
    public var array: String
    /// Concurrent clients, each a sequential process named `w<seed>-<i>`.
    public var clients: Int
    /// Operations in all, shared out among the clients as evenly as possible.
    public var operations: Int
    /// The share of writes, from 0 to 1.
    public var writeRatio: Double
    /// Operations go to registers 0..<registers; nil: every register of the array.
    public var registers: Int?
    /// Decides every client's operations (kind, register, value).
    public var seed: UInt64
    /// nil: a missing array is an error.
    public var creation: Creation?
    /// Seconds per request (the verdict gets at least 60).
    public var requestTimeout: Double
    /// Sent as `Authorization: Bearer <token>` on every request, for servers that require one.
    public var token: String?
    /// When set, each acknowledged operation is appended to this file as a JSON line (`WorkloadRecord`).
    public var recordPath: String?

    public init(url: String, array: String, clients: Int, operations: Int, writeRatio: Double = 0.5,
                registers: Int? = nil, seed: UInt64, creation: Creation? = nil, requestTimeout: Double = 30,
                token: String? = nil, recordPath: String? = nil) {
        self.url = url
        self.array = array
        self.clients = clients
        self.operations = operations
        self.writeRatio = writeRatio
        self.registers = registers
        self.seed = seed
        self.creation = creation
        self.requestTimeout = requestTimeout
        self.token = token
        self.recordPath = recordPath
    }

    /// The fields every request carries: the token, if any.
    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return headers
    }

    /// Why the configuration cannot run, in words for the command line; nil when it can.
    public var problem: String? {
        do {
            _ = try WorkloadTarget(url)
        } catch {
            return error.description
        }
        if !ArrayName.isValid(array) {
            return "--array must be 1 to \(ArrayName.maxLength) letters, digits, '.', '_' or '-'"
        }
        if clients < 1 { return "--clients must be at least 1" }
        if operations < 1 { return "--operations must be at least 1" }
        if !(0...1).contains(writeRatio) { return "--write-ratio must be from 0 to 1" }
        if let registers, registers < 1 { return "--registers must be at least 1" }
        if let creation {
            if creation.size < 1 { return "--create-size must be at least 1" }
            if let semantics = creation.semantics, !["atomic", "regular", "safe"].contains(semantics) {
                return "--semantics must be atomic, regular or safe"
            }
            if let replicas = creation.replicas, !(1...9).contains(replicas) { return "--replicas must be from 1 to 9" }
        }
        if requestTimeout <= 0 { return "--timeout must be positive" }
        if recordPath?.isEmpty == true { return "--record needs a file name" }
        return nil
    }
}

/// The server a workload talks to: `http://HOST[:PORT][/]`, HOST an IPv4 address or a name.
struct WorkloadTarget: Sendable, Equatable {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    var host: String
    var port: Int
    /// The URL without a trailing slash, for links.
    var base: String

    init(_ url: String) throws(Invalid) {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") else {
            throw Invalid(description: lower.hasPrefix("https://")
                ? "--url: https is not supported; use http://HOST:PORT"
                : "--url must look like http://HOST:PORT, got '\(url)'")
        }
        var rest = String(url.dropFirst("http://".count))
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("@"), !rest.hasPrefix("[") else {
            throw Invalid(description: "--url must be the server's root, http://HOST:PORT (IPv4 or a name), got '\(url)'")
        }
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = parts.first, !name.isEmpty else { throw Invalid(description: "--url has no host: '\(url)'") }
        host = String(name)
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port) else {
                throw Invalid(description: "--url has an invalid port: '\(url)'")
            }
            self.port = port
        } else {
            port = 80
        }
        base = "http://" + rest
    }
}
