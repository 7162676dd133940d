import Dispatch
import HTTP
import HTTPServer
import JSON

/// `registrar workload`: concurrent reads and writes on an array through the HTTP API, then
/// throughput, latency and the array's live verdict (SPEC §6).
///
/// Each client is a thread with its own blocking `HTTPClient` (one keep-alive connection) and its
/// own process name, doing its share of the operations one after another. The operations are
/// decided by the seed before the run starts (`WorkloadPlan`).
public struct Workload: Sendable {
    /// The exit status of the command.
    public enum Outcome: Int32, Sendable {
        /// The run completed and the verdict is at least as strong as the array's semantics.
        case holds = 0
        /// The verdict is weaker than the array's semantics (or undecided).
        case weaker = 1
        /// Bad arguments, a missing array, or a connection failure.
        case failed = 2
    }

    /// A reason to stop, in words for the command line.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let configuration: WorkloadConfiguration
    let output: @Sendable (String) -> Void
    let errors: @Sendable (String) -> Void
    let progress: Bool

    /// - Parameter progress: show a progress bar on standard error (only drawn if it is a terminal).
    public init(configuration: WorkloadConfiguration, progress: Bool = true,
                output: @escaping @Sendable (String) -> Void = { print($0) },
                errors: @escaping @Sendable (String) -> Void = { StandardError.write($0 + "\n") }) {
        self.configuration = configuration
        self.progress = progress
        self.output = output
        self.errors = errors
    }

    /// Runs the workload and prints the report; returns the exit outcome.
    public func run() -> Outcome {
        do {
            return try runOrFail()
        } catch {
            errors("registrar workload: \(error)")
            return .failed
        }
    }

    private func runOrFail() throws(Failure) -> Outcome {
        if let problem = configuration.problem { throw Failure(description: problem) }
        let target: WorkloadTarget
        do {
            target = try WorkloadTarget(configuration.url)
        } catch {
            throw Failure(description: error.description)
        }
        let control = HTTPClient(host: target.host, port: target.port, requestTimeout: configuration.requestTimeout)
        let (size, semantics) = try describeOrCreate(control, target: target)
        let registers = configuration.registers ?? size
        guard registers <= size else {
            throw Failure(description: "array '\(configuration.array)' has \(size) registers; --registers must be at most \(size)")
        }

        var record: WorkloadRecord?
        if let path = configuration.recordPath {
            do {
                record = try WorkloadRecord(path: path)
            } catch {
                throw Failure(description: error.description)
            }
        }

        let plan = WorkloadPlan(seed: configuration.seed, clients: configuration.clients, operations: configuration.operations)
        output("workload: \(configuration.clients) client\(configuration.clients == 1 ? "" : "s"), "
            + "\(configuration.operations) operations on array '\(configuration.array)' (\(semantics), registers 0-\(registers - 1)) "
            + "at \(target.base); seed \(configuration.seed), write ratio \(configuration.writeRatio)")
        let (statistics, seconds) = runClients(plan: plan, target: target, registers: registers, record: record)
        statistics.lines(seconds: seconds).forEach(output)

        var outcome = statistics.failures.isEmpty ? Outcome.holds : .failed
        do {
            let verdict = try fetchVerdict(control)
            verdict.lines(semantics: semantics).forEach(output)
            if verdict.isWeaker(than: semantics), outcome == .holds { outcome = .weaker }
        } catch {
            errors("registrar workload: \(error)")
            outcome = .failed
        }
        output("timeline: \(target.base)/arrays/\(configuration.array)/timeline")
        return outcome
    }

    /// The array's size and semantics, after creating it if it is missing and `--create-size` was given.
    private func describeOrCreate(_ client: HTTPClient, target: WorkloadTarget) throws(Failure) -> (Int, String) {
        let path = "/arrays/\(configuration.array)"
        var response = try send(client, HTTPRequest(method: .get, target: path, headers: configuration.headers), target: target)
        if response.status == .notFound {
            guard let creation = configuration.creation else {
                throw Failure(description: "there is no array '\(configuration.array)' at \(target.base); "
                    + "create it with --create-size N (and --semantics, --replicas), or name another with --array")
            }
            var members: [(key: String, value: JSON)] = [
                ("name", .string(configuration.array)), ("size", .number(JSONNumber(Int64(creation.size)))),
            ]
            if let semantics = creation.semantics { members.append(("semantics", .string(semantics))) }
            if let replicas = creation.replicas { members.append(("replicas", .number(JSONNumber(Int64(replicas))))) }
            let body = JSON.object(members).serializedBytes()
            var headers = configuration.headers
            headers.add(name: "Content-Type", value: "application/json")
            let created = try send(client, HTTPRequest(method: .post, target: "/arrays", headers: headers, body: body),
                                   target: target)
            // 409: another client created it in the meantime, which is as good.
            guard created.status == .created || created.status == .conflict else {
                throw Failure(description: "could not create array '\(configuration.array)': \(Self.explain(created))")
            }
            response = try send(client, HTTPRequest(method: .get, target: path, headers: configuration.headers), target: target)
        }
        guard response.status == .ok else {
            throw Failure(description: "could not describe array '\(configuration.array)': \(Self.explain(response))")
        }
        guard let json = try? JSON.parse(response.body), let size = json["size"]?.numberValue?.int64Value,
              let semantics = json["semantics"]?.stringValue else {
            throw Failure(description: "\(target.base)\(path) did not describe an array")
        }
        return (Int(size), semantics)
    }

    private func fetchVerdict(_ client: HTTPClient) throws(Failure) -> WorkloadVerdict {
        let request = HTTPRequest(method: .get, target: "/arrays/\(configuration.array)/verdict", headers: configuration.headers)
        let response: HTTPResponse
        do {
            // The server checks the live history within 10 s; leave room for that.
            response = try client.send(request, timeout: max(60, configuration.requestTimeout))
        } catch {
            throw Failure(description: "could not fetch the verdict: \(error)")
        }
        guard response.status == .ok else { throw Failure(description: "could not fetch the verdict: \(Self.explain(response))") }
        guard let json = try? JSON.parse(response.body), let verdict = WorkloadVerdict(json: json) else {
            throw Failure(description: "the verdict was not a verdict document")
        }
        return verdict
    }

    private func send(_ client: HTTPClient, _ request: HTTPRequest, target: WorkloadTarget) throws(Failure) -> HTTPResponse {
        do {
            return try client.send(request)
        } catch {
            throw Failure(description: "cannot reach \(target.base): \(error)")
        }
    }

    /// "404 Not Found: no array named 'x'…": the status and the problem document's detail.
    static func explain(_ response: HTTPResponse) -> String {
        let detail = (try? JSON.parse(response.body))?["detail"]?.stringValue
        return response.status.description + (detail.map { ": \($0)" } ?? "")
    }
}
