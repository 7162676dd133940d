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
        // Byte ranges of the non-empty segments, so trying a route allocates nothing: strings are
        // made only for the parameters of the route that matches.
        var path = path
        return path.withUTF8 { bytes in
            var parts: [Range<Int>] = []
            parts.reserveCapacity(8)
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                if index > start { parts.append(start..<index) }
                start = index + 1
            }
            var allowed: [HTTPMethod] = []
            var headFallback: Route?
            for route in routes where Self.matches(route.segments, bytes, parts) {
                if route.method == method {
                    return .found(route.handler, parameters: Self.parameters(route.segments, bytes, parts))
                }
                if method == .head && route.method == .get && headFallback == nil { headFallback = route }
                if !allowed.contains(route.method) { allowed.append(route.method) }
                if route.method == .get && !allowed.contains(.head) { allowed.append(.head) }
            }
            if let route = headFallback {
                return .found(route.handler, parameters: Self.parameters(route.segments, bytes, parts))
            }
            return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
        }
    }

    /// Whether the path's segments (`parts`, ranges of `bytes`) fit the route's.
    private static func matches(_ segments: [Segment], _ bytes: UnsafeBufferPointer<UInt8>, _ parts: [Range<Int>]) -> Bool {
        var index = 0
        for segment in segments {
            switch segment {
            case .rest:
                return true
            case .literal(let literal):
                guard index < parts.count, literal.utf8.elementsEqual(bytes[parts[index]]) else { return false }
            case .parameter:
                guard index < parts.count else { return false }
            }
            index += 1
        }
        return index == parts.count
    }

    /// The captured parameters of a route that `matches`.
    private static func parameters(_ segments: [Segment], _ bytes: UnsafeBufferPointer<UInt8>, _ parts: [Range<Int>]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                let rest = parts[index...].map { String(decoding: bytes[$0], as: UTF8.self) }
                parameters[name] = rest.joined(separator: "/")
                return parameters
            case .literal:
                break
            case .parameter(let name):
                parameters[name] = String(decoding: bytes[parts[index]], as: UTF8.self)
            }
        }
        return parameters
    }
}
