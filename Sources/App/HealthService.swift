import HTTP
import HTTPServer
import JSON
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

    /// Ready when the database answers a query. (Arrays run on one replica, so every array has its
    /// quorum while the process runs.)
    func readiness() -> HTTPResponse {
        do {
            _ = try storage.arrays()
            return .json(.object([("status", "ready"), ("database", "open")]))
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
