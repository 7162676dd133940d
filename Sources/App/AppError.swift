import HTTP
import Storage

/// Everything that can go wrong in the app, with the evidence to tell the user what and where.
///
/// The one error type of the module. `problem` turns it into an RFC 9457 problem document, which
/// `ProblemResponse` renders; this is the only place errors become HTTP.
enum AppError: Error, Sendable {
    /// The request body or a parameter is wrong. `pointer` names the field (a JSON pointer such as
    /// `/value`); `example` shows a request that works.
    case badRequest(String, pointer: String? = nil, example: String? = nil)
    case notFound(String)
    case methodNotAllowed(String)
    case conflict(String)
    case contentTooLarge(String)
    /// The replicas could not answer in time.
    case unavailable(String)
    /// Start-up configuration is unusable (missing migrations folder, bad flag).
    case configuration(String)
    /// The database failed; the details go to the log, not to the client.
    case storage(StorageError)

    var status: HTTPStatus {
        switch self {
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .conflict: return .conflict
        case .contentTooLarge: return .contentTooLarge
        case .unavailable: return .serviceUnavailable
        case .configuration, .storage: return .internalServerError
        }
    }
}

extension AppError: CustomStringConvertible {
    var description: String {
        switch self {
        case let .badRequest(detail, _, _), let .notFound(detail), let .methodNotAllowed(detail), let .conflict(detail),
             let .contentTooLarge(detail), let .unavailable(detail), let .configuration(detail):
            return detail
        case let .storage(error):
            return "database error: \(error)"
        }
    }
}
