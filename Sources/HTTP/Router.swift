/// The result of matching a method and path against a `Router`.
public enum RouteMatch<Handler: Sendable>: Sendable {
    /// A route matched; `parameters` holds the values of its `:name` (and `*name`) segments.
    case found(Handler, parameters: RouteParameters)
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
    /// Kept apart from the handlers, in non-generic types: matching then runs without looking up
    /// generic metadata at run time (that was a tenth of the router's cost).
    @usableFromInline var patterns = RoutePatterns()
    @usableFromInline var handlers: [Handler] = []

    public init() {}

    /// Every route's method and handler, in the order added (to list or describe the routes).
    public var table: [(method: HTTPMethod, handler: Handler)] { zip(patterns.methods, handlers).map { ($0, $1) } }

    /// Adds a route. `pattern` is like `/arrays/:name/registers/:index` or `/static/*path`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: Handler) {
        patterns.add(method, RoutePattern(pattern))
        handlers.append(handler)
    }

    /// Finds the handler for `method` and `path` (path only, no query).
    // Inlinable so that it is specialized for the app's handler type: unspecialized, looking up the
    // metadata of `RouteMatch<Handler>` cost a fifth of a match.
    @inlinable
    public func match(method: HTTPMethod, path: String) -> RouteMatch<Handler> {
        switch patterns.find(method: method, path: path) {
        case .found(let index, let parameters): return .found(handlers[index], parameters: parameters)
        case .notFound: return .notFound
        case .methodNotAllowed(let allowed): return .methodNotAllowed(allowed: allowed)
        }
    }
}

/// Every route's pattern and method, in the order added, indexed by how many segments a path must
/// have to fit: a path is compared only with the patterns of its length and those ending in `*name`.
@usableFromInline
struct RoutePatterns: Sendable {
    private(set) var patterns: [RoutePattern] = []
    private(set) var methods: [HTTPMethod] = []
    /// `exactly[n]`: the indices, in order, of the patterns without `*name` that have n segments.
    private var exactly: [[Int]] = []
    /// The indices, in order, of the patterns ending in `*name`.
    private var open: [Int] = []

    mutating func add(_ method: HTTPMethod, _ pattern: RoutePattern) {
        let index = patterns.count
        patterns.append(pattern)
        methods.append(method)
        if pattern.endsWithRest {
            open.append(index)
        } else {
            while exactly.count <= pattern.segments.count { exactly.append([]) }
            exactly[pattern.segments.count].append(index)
        }
    }

    @usableFromInline
    enum Found: Sendable {
        case found(Int, RouteParameters)
        case notFound
        case methodNotAllowed([HTTPMethod])
    }

    /// The first route (in the order added) whose pattern fits the path and whose method is
    /// `method`; a GET route answers HEAD when no HEAD route fits. Else the methods the path allows.
    @usableFromInline
    func find(method: HTTPMethod, path: String) -> Found {
        var path = path
        return path.withUTF8 { bytes in
            // Byte ranges of the non-empty segments, in a stack buffer: trying a route allocates
            // nothing, and strings are made only for the parameters of the route that matches.
            var slashes = 1
            for byte in bytes where byte == UInt8(ascii: "/") { slashes += 1 }
            return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: slashes) { buffer in
                var count = 0
                var start = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                    if index > start {
                        buffer.initializeElement(at: count, to: start..<index)
                        count += 1
                    }
                    start = index + 1
                }
                return find(method: method, bytes, UnsafeBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    private func find(method: HTTPMethod, _ bytes: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> Found {
        var headFallback: Int?
        var candidates = candidates(segments: parts.count)
        while let index = candidates.next() {
            guard patterns[index].matches(bytes, parts) else { continue }
            let routeMethod = methods[index]
            if routeMethod == method { return .found(index, patterns[index].parameters(bytes, parts)) }
            if method == .head && routeMethod == .get && headFallback == nil { headFallback = index }
        }
        if let index = headFallback { return .found(index, patterns[index].parameters(bytes, parts)) }
        // Only a 405 needs the path's methods: collected on this second pass, not while matching.
        var allowed: [HTTPMethod] = []
        candidates = self.candidates(segments: parts.count)
        while let index = candidates.next() {
            guard patterns[index].matches(bytes, parts) else { continue }
            let routeMethod = methods[index]
            if !allowed.contains(routeMethod) { allowed.append(routeMethod) }
            if routeMethod == .get && !allowed.contains(.head) { allowed.append(.head) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    /// The indices of the patterns a path of `segments` segments may fit, in the order added: the
    /// two index lists merged.
    private func candidates(segments: Int) -> Candidates {
        Candidates(exact: segments < exactly.count ? exactly[segments] : [], open: open)
    }

    private struct Candidates {
        let exact: [Int], open: [Int]
        var nextExact = 0, nextOpen = 0

        init(exact: [Int], open: [Int]) {
            self.exact = exact
            self.open = open
        }

        mutating func next() -> Int? {
            if nextExact < exact.count && (nextOpen == open.count || exact[nextExact] < open[nextOpen]) {
                nextExact += 1
                return exact[nextExact - 1]
            }
            guard nextOpen < open.count else { return nil }
            nextOpen += 1
            return open[nextOpen - 1]
        }
    }
}

/// One route's path pattern: literal, `:name` and final `*name` segments.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case parameter(String)
        case rest(String)
    }

    var segments: [Segment]
    /// The names of the `:name` and `*name` segments in order, shared by every match's parameters.
    let parameterNames: [String]
    /// Whether the last segment is `*name` (which matches any number of path segments).
    let endsWithRest: Bool

    init(_ pattern: String) {
        segments = pattern.split(separator: "/").map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(Array(part.utf8))
        }
        if case .rest = segments.last { endsWithRest = true } else { endsWithRest = false }
        parameterNames = segments.compactMap { segment in
            switch segment {
            case .parameter(let name), .rest(let name): return name
            case .literal: return nil
            }
        }
    }

    /// Whether the path's segments (`parts`, ranges of `bytes`) fit this pattern.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> Bool {
        // `RoutePatterns` only asks patterns of the path's length, and those ending in `*name`.
        if !endsWithRest && segments.count != parts.count { return false }
        var index = 0
        for segment in segments {
            switch segment {
            case .rest:
                return true
            case .literal(let literal):
                guard index < parts.count, parts[index].count == literal.count else { return false }
                let offset = parts[index].lowerBound
                for position in literal.indices where literal[position] != bytes[offset + position] { return false }
            case .parameter:
                guard index < parts.count else { return false }
            }
            index += 1
        }
        return index == parts.count
    }

    /// The captured parameters, for a path that `matches`.
    func parameters(_ bytes: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> RouteParameters {
        var parameters = RouteParameters(names: parameterNames)
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                let rest = parts[index...].map { String(decoding: bytes[$0], as: UTF8.self) }
                parameters.append(rest.joined(separator: "/"))
                return parameters
            case .literal:
                break
            case .parameter:
                parameters.append(String(decoding: bytes[parts[index]], as: UTF8.self))
            }
        }
        return parameters
    }
}
