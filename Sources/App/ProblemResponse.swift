import HTTP
import JSON

/// RFC 9457 problem documents: how every error leaves the app.
enum ProblemResponse {
    /// The response for `error`, raised while answering a request for `instance` (its decoded path,
    /// encoded again: RFC 9457 makes `instance` a URI reference).
    /// Unexpected errors say nothing internal: they carry `requestID`, which the log also has.
    static func make(_ error: AppError, instance: String, requestID: UInt64) -> HTTPResponse {
        var members: [(key: String, value: JSON)] = [
            ("type", .string("about:blank")),
            ("title", .string(error.status.reasonPhrase)),
            ("status", .number(JSONNumber(Int64(error.status.rawValue)))),
        ]
        switch error {
        case .storage, .configuration, .unexpected:
            members.append(("detail", .string("The server could not complete the request; it has been logged as request \(requestID).")))
            members.append(("requestId", .number(JSONNumber(Int64(clamping: requestID)))))
        case let .badRequest(detail, pointer, example):
            members.append(("detail", .string(detail)))
            if let pointer { members.append(("pointer", .string(pointer))) }
            if let example { members.append(("example", .string(example))) }
        case let .invalidHistory(failure):
            members.append(("detail", .string(error.description)))
            switch failure.subject {
            case .document: break
            case let .operation(index): members.append(("operation", .number(JSONNumber(Int64(index)))))
            case let .event(index): members.append(("event", .number(JSONNumber(Int64(index)))))
            }
            if let field = failure.field { members.append(("field", .string(field))) }
            if let line = failure.line { members.append(("line", .number(JSONNumber(Int64(line))))) }
            if let column = failure.column { members.append(("column", .number(JSONNumber(Int64(column))))) }
        default:
            members.append(("detail", .string(error.description)))
        }
        members.append(("instance", .string(instance.addingPercentEncodingForPath())))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        return HTTPResponse(status: error.status, headers: headers, body: JSON.object(members).serializedBytes())
    }
}

extension HTTPResponse {
    /// A JSON response.
    static func json(_ json: JSON, status: HTTPStatus = .ok, headers extra: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = extra
        headers.add(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: json.serializedBytes())
    }

    /// A plain-text response.
    static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        return HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }
}
