import HTTP
import Histories
import Storage

/// Everything that can go wrong in the app, with the evidence to tell the user what and where.
///
/// The one error type of the module. `problem` turns it into an RFC 9457 problem document, which
/// `ProblemResponse` renders; this is the only place errors become HTTP.
enum AppError: Error, Sendable {
    /// The request body or a parameter is wrong. `pointer` names the field (a JSON pointer such as
    /// `/value`); `example` shows a request that works.
    case badRequest(String, pointer: String? = nil, example: String? = nil)
    /// A submitted history could not be decoded; the error names the operation (or event) and field.
    case invalidHistory(HistoryFormatError)
    /// A request that changes state came without the access token.
    case unauthorized(String)
    case notFound(String)
    case methodNotAllowed(String)
    case conflict(String)
    case contentTooLarge(String)
    /// The replicas could not answer in time.
    case unavailable(String)
    /// Start-up configuration is unusable (missing migrations folder, bad flag).
    case configuration(String)
    /// Something that should not happen did; the details go to the log, not to the client.
    case unexpected(String)
    /// The database failed; the details go to the log, not to the client.
    case storage(StorageError)

    var status: HTTPStatus {
        switch self {
        case .badRequest: return .badRequest
        case let .invalidHistory(error):
            // A document that does not parse is a bad request; one that parses but holds an
            // impossible operation is well-formed but unprocessable.
            if case .document = error.subject { return .badRequest }
            return .unprocessableContent
        case .unauthorized: return .unauthorized
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .conflict: return .conflict
        case .contentTooLarge: return .contentTooLarge
        case .unavailable: return .serviceUnavailable
        case .configuration, .unexpected, .storage: return .internalServerError
        }
    }
}

extension AppError: CustomStringConvertible {
    var description: String {
        switch self {
        case let .badRequest(detail, _, _), let .unauthorized(detail), let .notFound(detail), let .methodNotAllowed(detail), let .conflict(detail),
             let .contentTooLarge(detail), let .unavailable(detail), let .configuration(detail), let .unexpected(detail):
            return detail
        case let .invalidHistory(error):
            return "the history could not be read: \(error)"
        case let .storage(error):
            return "database error: \(error)"
        }
    }
}
