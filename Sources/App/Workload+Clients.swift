import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import HTTP
import HTTPServer
import JSON
import Synchronization
import Threads

extension Workload {
    /// Each client's statistics, filled in by its thread.
    final class Tally: Sendable {
        let results: Mutex<[WorkloadStatistics]>
        init(clients: Int) { results = Mutex(Array(repeating: WorkloadStatistics(), count: clients)) }
    }

    /// Runs every client on its own thread and waits for all; returns what they measured and the
    /// wall-clock seconds from the first start to the last finish.
    func runClients(plan: WorkloadPlan, target: WorkloadTarget, registers: Int,
                    record: WorkloadRecord? = nil) -> (WorkloadStatistics, Double) {
        let tally = Tally(clients: plan.clients)
        let meter = WorkloadProgress(total: plan.operations, enabled: progress && isatty(STDERR_FILENO) == 1)
        let group = DispatchGroup()
        let start = DispatchTime.now().uptimeNanoseconds
        for client in 0..<plan.clients {
            let steps = plan.steps(for: client, registers: registers, writeRatio: configuration.writeRatio)
            let process = plan.process(client)
            let array = configuration.array, timeout = configuration.requestTimeout, headers = configuration.headers
            group.enter()
            // A thread per client, not a pool: the clients block in poll(2), and each must be able to
            // have a request in flight at the same time as the others.
            do throws(ThreadError) {
                try spawnThread(name: "client-\(client)") {
                    let statistics = Self.runClient(steps: steps, process: process, array: array, target: target,
                                                    timeout: timeout, headers: headers, meter: meter, record: record)
                    tally.results.withLock { $0[client] = statistics }
                    group.leave()
                }
            } catch {
                // Counted as a client that failed at once: the run goes on with the others and fails.
                tally.results.withLock { $0[client].failures.append("\(process): \(error)") }
                group.leave()
            }
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        meter.finish()
        var total = WorkloadStatistics()
        for statistics in tally.results.withLock({ $0 }) { total.merge(statistics) }
        return (total, seconds)
    }

    /// One client: its steps in order, each waiting for the previous response. A connection failure
    /// stops the client (its remaining steps are not run); any HTTP status is recorded and it goes on.
    /// With a `record`, each 200 answer is written to it before the next request is sent; an answer
    /// without an operation id, or a line that cannot be written, stops the client as a failure.
    static func runClient(steps: [WorkloadPlan.Step], process: String, array: String, target: WorkloadTarget,
                          timeout: Double, headers: HTTPHeaders, meter: WorkloadProgress,
                          record: WorkloadRecord? = nil) -> WorkloadStatistics {
        let client = HTTPClient(host: target.host, port: target.port, requestTimeout: timeout)
        var statistics = WorkloadStatistics()
        statistics.latencies.reserveCapacity(steps.count)
        for step in steps {
            let path = "/arrays/\(array)/registers/\(step.register)?process=\(process)"
            let request: HTTPRequest
            if let value = step.write {
                let body = JSON.object([("value", .string(value))]).serializedBytes()
                var fields = headers
                fields.add(name: "Content-Type", value: "application/json")
                request = HTTPRequest(method: .put, target: path, headers: fields, body: body)
            } else {
                request = HTTPRequest(method: .get, target: path, headers: headers)
            }
            let sent = DispatchTime.now().uptimeNanoseconds
            do {
                let response = try client.send(request)
                let elapsed = DispatchTime.now().uptimeNanoseconds - sent
                statistics.record(status: response.status.rawValue, nanoseconds: Int64(elapsed))
                if let record, response.status == .ok {
                    guard let line = WorkloadRecord.line(process: process, register: step.register, isWrite: step.write != nil,
                                                         response: response.body) else {
                        statistics.failures.append("\(process): a 200 answer without an operation id")
                        break
                    }
                    guard record.append(line) else {
                        statistics.failures.append("\(process): could not write to the --record file")
                        break
                    }
                }
            } catch {
                statistics.failures.append("\(process): \(error)")
                break
            }
            meter.finishedOne()
        }
        return statistics
    }
}
