import Histories
import Prometheus
import Storage
import Synchronization

/// The app's Prometheus metrics: requests by route and status, operation latency, open connections.
final class AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    // Of seconds as `Double`, not of `Duration`: every operation records one, and comparing 128-bit
    // durations with each bucket's bound cost four times as much. The exposition is the same.
    private let readLatency: ValueHistogram
    private let writeLatency: ValueHistogram
    private let openConnections: Gauge
    private let commits: Counter
    private let syncedCommits: Counter
    private let commitSeconds: Counter
    private let logSyncs: Counter
    private let logSyncSeconds: Counter
    /// The storage counters at the last scrape: Prometheus counters only go up by the difference.
    private let scraped = Mutex(StorageCounters())
    /// Counters by route pattern, method and status; `makeCounter` takes a lock and a lookup, so the
    /// counters already made are kept here, with the last one used: a run of like requests (the
    /// route's pattern and the method's name are the same strings each time) then compares
    /// instead of hashing.
    private let requestCounters = Mutex(RequestCounters())

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct RequestCounters {
        var all: [RequestKey: Counter] = [:]
        var last: (key: RequestKey, counter: Counter)?
    }

    init() {
        let buckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
        let registry = registry
        func latency(_ kind: Operation.Kind) -> ValueHistogram {
            registry.makeValueHistogram(
                name: "registrar_operation_duration_seconds", labels: [("kind", kind.rawValue)], buckets: buckets,
                help: "Register operations from request parsed to committed, in seconds.")
        }
        readLatency = latency(.read)
        writeLatency = latency(.write)
        openConnections = registry.makeGauge(
            name: "registrar_open_connections", help: "HTTP connections open now.")
        commits = registry.makeCounter(
            name: "registrar_storage_commits_total", help: "Group commits of operations and other changes.")
        syncedCommits = registry.makeCounter(
            name: "registrar_storage_synced_commits_total",
            help: "Group commits synced to disk (with --synchronous writes, those that change state).")
        commitSeconds = registry.makeCounter(
            name: "registrar_storage_commit_seconds_total",
            help: "Time in group commits, from BEGIN to the end of COMMIT (which does not sync).")
        logSyncs = registry.makeCounter(
            name: "registrar_storage_log_syncs_total",
            help: "Syncs of the write-ahead log to disk; each makes every commit before it durable.")
        logSyncSeconds = registry.makeCounter(
            name: "registrar_storage_log_sync_seconds_total", help: "Time in syncs of the write-ahead log.")
    }

    func recordRequest(route: String, method: String, status: Int) {
        let key = RequestKey(route: route, method: method, status: status)
        let counter = requestCounters.withLock { counters in
            if let last = counters.last, last.key == key { return last.counter }
            let counter = counters.all[key] ?? registry.makeCounter(
                name: "registrar_http_requests_total",
                labels: [("route", route), ("method", method), ("status", String(status))],
                help: "HTTP requests answered, by route pattern, method and status.")
            counters.all[key] = counter
            counters.last = (key, counter)
            return counter
        }
        counter.increment()
    }

    func recordOperation(kind: Operation.Kind, nanoseconds: Int64) {
        switch kind {
        case .read: readLatency.record(Double(nanoseconds) / 1e9)
        case .write: writeLatency.record(Double(nanoseconds) / 1e9)
        case .cas: break  // the live API has no cas
        }
    }

    /// The exposition text, with gauges and the storage counters read at scrape time.
    func exposition(openConnections count: Int, storage: StorageCounters) -> [UInt8] {
        openConnections.set(Int64(count))
        let last = scraped.withLock { last in
            defer { last = storage }
            return last
        }
        commits.increment(by: Int64(max(0, storage.commits - last.commits)))
        syncedCommits.increment(by: Int64(max(0, storage.syncedCommits - last.syncedCommits)))
        commitSeconds.increment(by: Self.seconds(storage.commitNanoseconds, since: last.commitNanoseconds))
        logSyncs.increment(by: Int64(max(0, storage.logSyncs - last.logSyncs)))
        logSyncSeconds.increment(by: Self.seconds(storage.logSyncNanoseconds, since: last.logSyncNanoseconds))
        return registry.emitToBuffer()
    }

    private static func seconds(_ now: UInt64, since last: UInt64) -> Double {
        Double(now - min(now, last)) / 1e9
    }
}
