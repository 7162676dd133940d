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
    /// The server is made after the routes (it needs them), so it is attached afterwards.
    private let server = Mutex<HTTPServer?>(nil)

    init(storage: Storage, metrics: AppMetrics) {
        self.storage = storage
        self.metrics = metrics
    }

    func attach(_ server: HTTPServer) {
        self.server.withLock { $0 = server }
    }

    /// Ready when the database answers a query and every replicated array has a quorum of replicas
    /// up and reachable.
    func readiness(arrays: [LiveArray]) -> HTTPResponse {
        do {
            _ = try storage.arrays()
            let withoutQuorum = arrays.filter { ($0.replication as? QuorumArray)?.hasLiveQuorum == false }.map(\.record.name)
            let names: JSON = .array(withoutQuorum.map(JSON.string))
            guard withoutQuorum.isEmpty else {
                return .json(.object([("status", "degraded"), ("database", "open"), ("arraysWithoutQuorum", names)]),
                             status: .serviceUnavailable)
            }
            return .json(.object([("status", "ready"), ("database", "open"), ("arraysWithoutQuorum", names)]))
        } catch {
            return .json(.object([("status", "unavailable"), ("database", .string("\(error)"))]),
                         status: .serviceUnavailable)
        }
    }

    func metricsExposition() -> HTTPResponse {
        let open = server.withLock { $0?.openConnections ?? 0 }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
        return HTTPResponse(status: .ok, headers: headers, body: metrics.exposition(openConnections: open))
    }
}
