import Dispatch
import HTTP
import HTTPServer
import Replication
import Synchronization
import Threads

/// The replica nodes a coordinating server talks to (`registrar serve --replica-nodes`), and the
/// connections it talks to them over.
///
/// Each node has a queue of requests and `connectionsPerNode` worker threads, each with its own
/// blocking keep-alive `HTTPClient` (the client is one connection, one request at a time). A worker
/// takes the oldest request, sends it with a timeout no later than the request's expiry, and hands
/// the response to the request's callback; on any failure the client closes its connection and the
/// next request opens a new one (so a restarted node is reconnected to at once). Requests that
/// expire in the queue are dropped: their operation has already failed. A request already queued or
/// in flight to a node is not queued again (the quorum driver retransmits unanswered rounds).
///
/// A node is `up` when its last exchange succeeded and `unreachable` when it failed; an idle node is
/// probed (`GET /livez`) every `probeInterval`, so `/readyz` notices a node killed while idle.
final class ReplicaNodes: Sendable {
    /// Where a node listens.
    struct Address: Sendable, Hashable, CustomStringConvertible {
        var host: String
        var port: Int
        var description: String { "\(host):\(port)" }
    }

    /// One request for one node.
    struct Job: Sendable {
        /// Requests with equal keys are the same request (a retransmission).
        var key: String
        var path: String
        var body: [UInt8]
        /// Monotonic nanoseconds (`DispatchTime.uptimeNanoseconds`) after which nobody waits for it.
        var expires: UInt64
        /// Called with the response when the node answered; not called when it did not.
        var completion: @Sendable (HTTPResponse) -> Void
    }

    let addresses: [Address]
    private let links: [Link]

    /// - Parameters:
    ///   - requestTimeout: seconds an exchange may take at most (less when its request expires sooner).
    ///   - connectTimeout: seconds to establish a connection.
    init(
        addresses: [Address], connectionsPerNode: Int = 4, requestTimeout: Double = 1, connectTimeout: Double = 0.5,
        probeInterval: Double = 1
    ) throws(AppError) {
        self.addresses = addresses
        links = addresses.map {
            Link(address: $0, workers: max(connectionsPerNode, 1), requestTimeout: requestTimeout,
                 connectTimeout: connectTimeout, probeInterval: probeInterval)
        }
        do throws(ThreadError) {
            for link in links { try link.start() }
        } catch {
            links.forEach { $0.stop() }
            throw .unexpected("cannot start the workers for the replica nodes: \(error)")
        }
    }

    /// Parses `host:port,host:port,…`; a `.configuration` error when an entry is malformed or repeated.
    static func parse(_ list: String) -> Result<[Address], AppError> {
        var addresses: [Address] = []
        for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = entry.trimmingBlanks()
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (1...65535).contains(port), colon > text.startIndex
            else {
                return .failure(.configuration("replica node '\(text)' is not host:port (for example 127.0.0.1:9001)"))
            }
            let address = Address(host: String(text[..<colon]), port: port)
            guard !addresses.contains(address) else {
                return .failure(.configuration("replica node \(address) is listed twice; each replica needs its own node"))
            }
            addresses.append(address)
        }
        return .success(addresses)
    }

    var count: Int { addresses.count }

    /// Queues `job` for node `node`; dropped if the same request is already queued or in flight.
    func send(_ job: Job, to node: Int) {
        guard links.indices.contains(node) else { return }
        links[node].enqueue(job)
    }

    func status(of node: Int) -> ReplicaStatus {
        guard links.indices.contains(node) else { return .unreachable }
        return links[node].isReachable ? .up : .unreachable
    }

    /// Stops the workers (after their exchange in flight); queued requests are dropped. Idempotent.
    func shutdown() {
        links.forEach { $0.stop() }
    }
}

extension ReplicaNodes {
    /// The queue and workers of one node.
    ///
    /// `@unchecked Sendable`: `queue`, `keys` and `stopped` are only touched with `condition`
    /// locked; the rest is immutable or atomic. Each worker's `HTTPClient` lives on its thread alone.
    final class Link: @unchecked Sendable {
        let address: Address
        private let workers: Int
        private let requestTimeout: Double
        private let connectTimeout: Double
        private let probeInterval: Double
        private let condition = Condition()
        private var queue: [Job] = []
        private var keys: Set<String> = []
        private var stopped = false
        private let reachable = Atomic<Bool>(false)

        init(address: Address, workers: Int, requestTimeout: Double, connectTimeout: Double, probeInterval: Double) {
            self.address = address
            self.workers = workers
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.probeInterval = probeInterval
        }

        var isReachable: Bool { reachable.load(ordering: .relaxed) }

        /// Starts the workers, named node-PORT-N.
        func start() throws(ThreadError) {
            for index in 0..<workers {
                try spawnThread(name: "node-\(address.port)-\(index)") { [self] in work(probing: index == 0) }
            }
        }

        func stop() {
            condition.lock()
            stopped = true
            queue.removeAll()
            keys.removeAll()
            condition.broadcast()
            condition.unlock()
        }

        func enqueue(_ job: Job) {
            condition.lock()
            defer { condition.unlock() }
            guard !stopped, keys.insert(job.key).inserted else { return }
            queue.append(job)
            condition.signal()
        }

        /// The next job, nil to probe (idle for a probe interval, on the probing worker), or stop.
        private enum Next { case job(Job), probe, stop }

        private func next(probing: Bool, probeFirst: Bool) -> Next {
            condition.lock()
            defer { condition.unlock() }
            if probeFirst && probing { return .probe }
            while queue.isEmpty && !stopped {
                let woke = condition.wait(until: DispatchTime.now().uptimeNanoseconds + UInt64(probeInterval * 1e9))
                if !woke && probing && queue.isEmpty && !stopped { return .probe }
            }
            if stopped { return .stop }
            return .job(queue.removeFirst())
        }

        private func finished(_ job: Job) {
            condition.lock()
            keys.remove(job.key)
            condition.unlock()
        }

        private func work(probing: Bool) {
            let client = HTTPClient(
                host: address.host, port: address.port, connectTimeout: connectTimeout, requestTimeout: requestTimeout)
            var first = true
            while true {
                let next = next(probing: probing, probeFirst: first)
                first = false
                switch next {
                case .stop:
                    client.close()
                    return
                case .probe:
                    let response = try? client.send(HTTPRequest(method: .get, target: "/livez"), timeout: min(requestTimeout, 0.5))
                    reachable.store(response?.status == .ok, ordering: .relaxed)
                case let .job(job):
                    defer { finished(job) }
                    let now = DispatchTime.now().uptimeNanoseconds
                    guard job.expires > now else { continue }
                    let timeout = min(requestTimeout, Double(job.expires - now) / 1e9)
                    var request = HTTPRequest(method: .post, target: job.path, body: job.body)
                    request.headers.add(name: "Content-Type", value: "application/json")
                    do {
                        let response = try client.send(request, timeout: timeout)
                        reachable.store(true, ordering: .relaxed)
                        job.completion(response)
                    } catch {
                        reachable.store(false, ordering: .relaxed)
                    }
                }
            }
        }
    }
}

/// Checks a `--replica-nodes` list the way the server will read it.
public enum ReplicaNodeList {
    /// `.success(count)`, or the reason the list is not `host:port,host:port,…` of distinct nodes.
    public static func parse(_ list: String) -> Result<Int, any Error> {
        ReplicaNodes.parse(list).map(\.count).mapError { $0 }
    }
}
