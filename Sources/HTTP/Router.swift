/// The result of matching a method and path against a `Router`.
public enum RouteMatch<Handler: Sendable>: Sendable {
    /// A route matched; `parameters` holds the values of its `:name` (and `*name`) segments.
    case found(Handler, parameters: [String: String])
    /// No route has this path.
    case notFound
    /// Routes have this path but not this method; answer 405 with `Allow: <allowed>`.
    case methodNotAllowed(allowed: [HTTPMethod])
}

/// Maps method and path patterns to handlers. Generic and URL-agnostic: the app adds its routes.
///
/// Patterns are paths whose segments are literal, `:name` (one segment, captured), or a final
/// `*name` (the rest of the path, possibly empty, captured). Empty segments are ignored, so
/// `/arrays/` matches `/arrays`. Routes are tried in the order added; the first match wins.
/// HEAD matches GET routes unless a HEAD route is added. Match against the percent-decoded path
/// (`HTTPRequest.path`); a parameter therefore cannot contain `/`.
public struct Router<Handler: Sendable>: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    struct Route: Sendable {
        var method: HTTPMethod
        var segments: [Segment]
        var handler: Handler
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. `pattern` is like `/arrays/:name/registers/:index` or `/static/*path`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: Handler) {
        let segments: [Segment] = pattern.split(separator: "/").map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method, segments: segments, handler: handler))
    }

    /// Finds the handler for `method` and `path` (path only, no query).
    public func match(method: HTTPMethod, path: String) -> RouteMatch<Handler> {
        let parts = path.split(separator: "/")
        var allowed: [HTTPMethod] = []
        var headFallback: (Handler, [String: String])?
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: parts) else { continue }
            if route.method == method { return .found(route.handler, parameters: parameters) }
            if method == .head && route.method == .get && headFallback == nil {
                headFallback = (route.handler, parameters)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
            if route.method == .get && !allowed.contains(.head) { allowed.append(.head) }
        }
        if let (handler, parameters) = headFallback { return .found(handler, parameters: parameters) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in segments {
            switch segment {
            case .rest(let name):
                parameters[name] = parts[index...].joined(separator: "/")
                return parameters
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return nil }
            case .parameter(let name):
                guard index < parts.count else { return nil }
                parameters[name] = String(parts[index])
            }
            index += 1
        }
        return index == parts.count ? parameters : nil
    }
}
