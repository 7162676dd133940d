import HTTP
import Histories
import JSON
import Storage

/// `/histories`: histories recorded elsewhere, submitted, checked, stored (SPEC §5).
extension Routes {
    static func addHistories(to router: inout Router<Route>, histories: HistoryService) {
        func add(_ method: HTTPMethod, _ pattern: String, _ body: @escaping @Sendable (RequestContext) throws -> HTTPResponse) {
            router.add(method, pattern, Route(pattern: pattern) { context, reply in reply(.success(try body(context))) })
        }

        router.add(.post, "/histories", Route(pattern: "/histories", handler: offloaded { context in
            let upload = try HistoryUpload(context.request)
            let submission = try histories.submit(
                upload.bytes, format: upload.format, options: upload.options, name: upload.name)
            let location = "/histories/\(submission.record.id)"
            var headers = HTTPHeaders()
            if upload.fromForm {
                // A browser posted the upload form: send it to the page of what it uploaded.
                headers.add(name: "Location", value: location + "/timeline")
                return HTTPResponse(status: .seeOther, headers: headers)
            }
            headers.add(name: "Location", value: location)
            let status: HTTPStatus = submission.verdict == nil ? .accepted : .created
            return .jsonBytes(
                HistoryJSON.withMembers(HistoryJSON.describe(submission.record), [("verdict", submission.verdict ?? HistoryJSON.pendingVerdict)]),
                status: status, headers: headers)
        }))
        add(.get, "/histories") { context in
            let limit = try context.integerQuery("limit", in: 1...1000) ?? 50
            let after = try context.integerQuery("after", in: 1...Int.max).map(Int64.init)
            let records = try histories.list(before: after, limit: limit + 1)
            let page = Array(records.prefix(limit))
            let next = records.count > limit ? page.last.map { String($0.id) } : nil
            let body: JSON = .object([
                ("histories", .array(page.map(HistoryJSON.describe))),
                ("next", next.flatMap { Int64($0) }.map { .number(JSONNumber($0)) } ?? .null),
            ])
            return .json(body, headers: Paging.linkHeader(path: "/histories", next: next, limit: limit))
        }
        add(.get, "/histories/:id") { context in
            let id = try historyID(context)
            let record = try histories.record(id: id)
            let verdict = try histories.verdict(id: id) ?? HistoryJSON.pendingVerdict
            return .jsonBytes(HistoryJSON.withMembers(
                HistoryJSON.describe(record), [("history", try histories.document(id: id)), ("verdict", verdict)]))
        }
        add(.get, "/histories/:id/verdict") { context in
            let id = try historyID(context)
            _ = try histories.record(id: id)
            return .jsonBytes(try histories.verdict(id: id) ?? HistoryJSON.pendingVerdict)
        }
        add(.delete, "/histories/:id") { context in
            try histories.delete(id: try historyID(context))
            return HTTPResponse(status: .noContent)
        }
    }

    static func historyID(_ context: RequestContext) throws(AppError) -> Int64 {
        let text = context.parameter("id")
        guard let id = Int64(text), id > 0 else { throw .notFound("no history '\(text)'; history ids are positive integers") }
        return id
    }
}

/// How a submitted history looks on the wire.
enum HistoryJSON {
    static let pendingVerdict = Array(#"{"consistency":"pending","registers":[]}"#.utf8)

    static func describe(_ record: HistoryRecord) -> JSON {
        .object([
            ("id", .number(JSONNumber(record.id))),
            ("name", record.name.map(JSON.string) ?? .null),
            ("format", .string(record.format)),
            ("model", .string(record.model)),
            ("operations", .number(JSONNumber(Int64(record.operationCount)))),
            ("registers", .number(JSONNumber(Int64(record.registerCount)))),
            ("createdAt", .number(JSONNumber(record.createdAt))),
            ("consistency", .string(record.consistency ?? "pending")),
            ("links", .object([
                ("self", .string("/histories/\(record.id)")),
                ("verdict", .string("/histories/\(record.id)/verdict")),
                ("timeline", .string("/histories/\(record.id)/timeline")),
            ])),
        ])
    }

    /// `object` with members whose values are JSON already serialized (a stored document or
    /// verdict, which may be large: spliced in, not parsed again).
    static func withMembers(_ object: JSON, _ members: [(String, [UInt8])]) -> [UInt8] {
        var bytes = object.serializedBytes()
        // The writer ends every object with "}": reopen it.
        bytes.removeLast()
        for (key, value) in members {
            bytes += Array(",".utf8) + JSON.string(key).serializedBytes() + Array(":".utf8) + value
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

extension HTTPResponse {
    /// A response whose body is JSON text already.
    static func jsonBytes(_ body: [UInt8], status: HTTPStatus = .ok, headers extra: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = extra
        headers.add(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
