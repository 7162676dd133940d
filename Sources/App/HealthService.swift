import HTTP
import HTTPServer
import JSON
import Replication
import Storage
import Synchronization

/// `/readyz` and `/metrics`: what an orchestrator and a scraper ask.
final class HealthService: Sendable {
    private let storage: Storage
    private let metrics: AppMetrics
    private let nodes: ReplicaNodes?
    /// The server is made after the routes (it needs them), so it is attached afterwards.
    private let server = Mutex<HTTPServer?>(nil)

    init(storage: Storage, metrics: AppMetrics, nodes: ReplicaNodes? = nil) {
        self.storage = storage
        self.metrics = metrics
        self.nodes = nodes
    }

    func attach(_ server: HTTPServer) {
        self.server.withLock { $0 = server }
    }

    /// Ready when the database answers a query, takes changes, and every replicated array has a
    /// quorum of replicas up and reachable. With replica nodes, says how each node was last found.
    func readiness(arrays: [LiveArray]) -> HTTPResponse {
        do {
            _ = try storage.arrays()
            if let failure = storage.failure { throw failure }
            let withoutQuorum = arrays.filter { ($0.replication as? any ReplicaStatusReporting)?.hasLiveQuorum == false }
                .map(\.record.name)
            let names: JSON = .array(withoutQuorum.map(JSON.string))
            var nodeStates: [(key: String, value: JSON)] = []
            if let nodes {
                let states: [JSON] = nodes.addresses.indices.map { node in
                    .object([("node", .string(nodes.addresses[node].description)), ("state", .string(nodes.status(of: node).rawValue))])
                }
                nodeStates = [("replicaNodes", .array(states))]
            }
            guard withoutQuorum.isEmpty else {
                return .json(.object([("status", "degraded"), ("database", "open"), ("arraysWithoutQuorum", names)] + nodeStates),
                             status: .serviceUnavailable)
            }
            return .json(.object([("status", "ready"), ("database", "open"), ("arraysWithoutQuorum", names)] + nodeStates))
        } catch {
            return .json(.object([("status", "unavailable"), ("database", .string("\(error)"))]),
                         status: .serviceUnavailable)
        }
    }

    func metricsExposition() -> HTTPResponse {
        let open = server.withLock { $0?.openConnections ?? 0 }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
        return HTTPResponse(status: .ok, headers: headers, body: metrics.exposition(openConnections: open, storage: storage.counters))
    }
}
