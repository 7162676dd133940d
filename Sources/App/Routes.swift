import Dispatch
import HTTP
import Histories
import JSON
import Replication

/// A route's handler: answers through `reply`, now or later (register operations answer after
/// their commit). Throwing is the same as replying with that error.
typealias Handler = @Sendable (RequestContext, _ reply: @escaping @Sendable (Result<HTTPResponse, AppError>) -> Void) throws -> Void

/// A handler and the route pattern it serves (the `route` label of the request metrics).
struct Route: Sendable {
    var pattern: String
    var handler: Handler
}

/// The URL space of the API (SPEC §5): the only place that knows it.
enum Routes {
    /// Where handlers that may run for long (decoding and checking histories, rendering pages) do
    /// their work, so the server's event loops keep serving other connections meanwhile.
    static let workQueue = DispatchQueue(label: "registrar.work", qos: .utility, attributes: .concurrent)

    /// A handler that runs `body` on `workQueue` and answers when it is done.
    static func offloaded(_ body: @escaping @Sendable (RequestContext) throws -> HTTPResponse) -> Handler {
        { context, reply in
            workQueue.async {
                do {
                    reply(.success(try body(context)))
                } catch let error as AppError {
                    reply(.failure(error))
                } catch {
                    reply(.failure(.unexpected("\(error)")))
                }
            }
        }
    }

    static func router(arrays: ArrayService, histories: HistoryService, health: HealthService, files: StaticFiles) -> Router<Route> {
        var router = Router<Route>()
        func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
            router.add(method, pattern, Route(pattern: pattern, handler: handler))
        }
        /// A handler that answers at once.
        func now(_ body: @escaping @Sendable (RequestContext) throws -> HTTPResponse) -> Handler {
            { context, reply in reply(.success(try body(context))) }
        }

        add(.get, "/livez", now { _ in .text("ok\n") })
        add(.get, "/readyz", now { _ in health.readiness(arrays: arrays.list()) })
        add(.get, "/metrics", now { _ in health.metricsExposition() })

        add(.post, "/arrays", now { context in
            let request = try RequestBodies.createArray(context.request.body)
            let record = try arrays.create(request)
            var headers = HTTPHeaders()
            headers.add(name: "Location", value: "/arrays/\(record.name)")
            return .json(ArrayJSON.describe(try arrays.array(named: record.name), operations: 0), status: .created, headers: headers)
        })
        add(.get, "/arrays", now { context in
            let limit = try context.integerQuery("limit", in: 1...1000) ?? 100
            let after = context.request.queryValue("after")
            let all = arrays.list().filter { array in after.map { array.record.name > $0 } ?? true }
            let page = Array(all.prefix(limit))
            let next = all.count > limit ? page.last?.record.name : nil
            var items: [JSON] = []
            for array in page {
                items.append(ArrayJSON.describe(array, operations: try arrays.operationCount(array)))
            }
            let body: JSON = .object([("arrays", .array(items)), ("next", next.map(JSON.string) ?? .null)])
            return .json(body, headers: Paging.linkHeader(path: "/arrays", next: next, limit: limit))
        })
        add(.get, "/arrays/:name", now { context in
            let array = try arrays.array(named: context.parameter("name"))
            return .json(ArrayJSON.describe(array, operations: try arrays.operationCount(array)))
        })
        add(.delete, "/arrays/:name", now { context in
            try arrays.delete(named: context.parameter("name"))
            return HTTPResponse(status: .noContent)
        })

        add(.get, "/arrays/:name/registers/:index") { context, reply in
            let name = context.parameter("name")
            try arrays.read(
                array: name, index: try RegisterIndex.parse(context.parameter("index")),
                process: try context.process(), invoke: context.received, batched: true
            ) { result in reply(result.map(ArrayJSON.operationResponse)) }
        }
        add(.put, "/arrays/:name/registers/:index") { context, reply in
            let name = context.parameter("name")
            let index = try RegisterIndex.parse(context.parameter("index"))
            let value = try RequestBodies.writeValue(context.request.body)
            try arrays.write(
                array: name, index: index, value: value, process: try context.process(), invoke: context.received,
                batched: true
            ) { result in reply(result.map(ArrayJSON.operationResponse)) }
        }

        add(.post, "/arrays/:name/replicas/:replica/crash", now { context in
            let (array, quorum, replica) = try faultTarget(context, arrays: arrays)
            quorum.crash(replica: replica)
            return .json(ArrayJSON.describe(array, operations: try arrays.operationCount(array)))
        })
        add(.post, "/arrays/:name/replicas/:replica/recover", now { context in
            let (array, quorum, replica) = try faultTarget(context, arrays: arrays)
            do {
                try quorum.recover(replica: replica)
            } catch {
                throw AppError.unavailable("replica \(replica) could not recover: \(error)")
            }
            return .json(ArrayJSON.describe(array, operations: try arrays.operationCount(array)))
        })
        add(.put, "/arrays/:name/network", now { context in
            let array = try arrays.array(named: context.parameter("name"))
            let quorum = try replicated(array)
            let network = try RequestBodies.network(context.request.body, replicas: array.record.replicas)
            quorum.setNetwork(latencyMillis: network.latencyMillis, loss: network.loss, partitions: network.partitions)
            return .json(ArrayJSON.describe(array, operations: try arrays.operationCount(array)))
        })

        add(.get, "/arrays/:name/history", now { context in
            let array = try arrays.array(named: context.parameter("name"))
            let limit = try context.integerQuery("limit", in: 1...10_000) ?? 1000
            let after = try context.integerQuery("after", in: -1...Int.max)
            let operations = try arrays.history(array, after: after, limit: limit)
            let next = operations.count == limit ? operations.last?.id : nil
            let path = "/arrays/\(array.record.name)/history"
            let headers = Paging.linkHeader(path: path, next: next.map(String.init), limit: limit)
            switch context.request.queryValue("format") ?? "json" {
            case "json":
                var writer = NativeJSONStreamWriter(name: array.record.name, model: .register, initial: .null)
                for operation in operations { writer.append(operation) }
                writer.finish(appending: [("next", next.map { .number(JSONNumber(Int64($0))) } ?? .null)])
                var response = HTTPResponse(status: .ok, headers: headers, body: writer.takeBytes())
                response.headers.add(name: "Content-Type", value: "application/json")
                return response
            case "edn":
                let history = History(name: array.record.name, operations: operations)
                var response = HTTPResponse(status: .ok, headers: headers, body: Array(history.jepsenEDN().utf8))
                response.headers.add(name: "Content-Type", value: "application/edn")
                return response
            case let other:
                throw AppError.badRequest("unknown history format '\(other)'; expected 'json' or 'edn'", pointer: "format")
            }
        })
        addHistories(to: &router, histories: histories)
        addPages(to: &router, arrays: arrays, histories: histories, files: files)
        addOpenAPI(to: &router, files: files)
        return router
    }
}

extension Routes {
    /// The replicated array a fault is injected into, or why there is none.
    static func replicated(_ array: LiveArray) throws(AppError) -> QuorumArray {
        if array.record.placement == Placement.nodes.rawValue {
            throw .conflict(
                "array '\(array.record.name)' runs on replica nodes, whose faults are real: crash a replica by killing its node's process (kill -9), recover it by starting the node again on the same database; cut links with the operating system's tools")
        }
        guard let quorum = array.replication as? QuorumArray else {
            throw .conflict("array '\(array.record.name)' runs on one replica: faults are injected into replicated arrays (\"replicas\" from 2 to 9)")
        }
        return quorum
    }

    static func faultTarget(_ context: RequestContext, arrays: ArrayService) throws(AppError) -> (LiveArray, QuorumArray, Int) {
        let array = try arrays.array(named: context.parameter("name"))
        let quorum = try replicated(array)
        let text = context.parameter("replica")
        guard let replica = Int(text), (0..<quorum.replicas).contains(replica) else {
            throw .notFound("array '\(array.record.name)' has replicas 0 to \(quorum.replicas - 1); there is no replica '\(text)'")
        }
        return (array, quorum, replica)
    }
}

/// Register indexes in paths: decimal, non-negative.
enum RegisterIndex {
    static func parse(_ text: String) throws(AppError) -> Int {
        guard let index = Int(text), index >= 0, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .notFound("'\(text)' is not a register index; registers are numbered from 0")
        }
        return index
    }
}

/// Cursor pagination (SPEC §5): the body's `next` and a `Link: <…>; rel="next"` header.
enum Paging {
    static func linkHeader(path: String, next: String?, limit: Int) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let next {
            let cursor = next.addingPercentEncodingForQuery()
            headers.add(name: "Link", value: "<\(path)?after=\(cursor)&limit=\(limit)>; rel=\"next\"")
        }
        return headers
    }
}

extension String {
    /// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
    func addingPercentEncodingForQuery() -> String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}
