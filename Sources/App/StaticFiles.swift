import FoundationEssentials
import HTTP

/// Files from `Public/` under `/static/…`, and nothing outside it.
struct StaticFiles: Sendable {
    /// The folder, with symbolic links resolved.
    let root: String

    init(root: String) {
        self.root = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    }

    /// The file at `relative` (already percent-decoded) for a request whose raw target was `target`.
    func response(relative: String, target: String) throws(AppError) -> HTTPResponse {
        let notFound = AppError.notFound("no static file at /static/\(relative)")
        // An encoded slash or backslash would let a path say one thing to the router and another to
        // the file system: refuse them outright.
        let rawLower = target.lowercased()
        guard !rawLower.contains("%2f"), !rawLower.contains("%5c") else { throw notFound }
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\\"), !relative.contains("\0"),
              segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") })
        else { throw notFound }
        // Symbolic links inside Public/ may not lead out of it.
        let resolved = URL(fileURLWithPath: root + "/" + relative).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(root + "/") else { throw notFound }
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory,
              let data = FileManager.default.contents(atPath: resolved)
        else { throw notFound }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: Self.contentType(of: resolved))
        headers.add(name: "Cache-Control", value: "public, max-age=300")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return HTTPResponse(status: .ok, headers: headers, body: Array(data))
    }

    /// The text of `name` in the folder (for pages that inline it), or nil.
    func text(of name: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func contentType(of path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "css": return "text/css; charset=utf-8"
        case "html": return "text/html; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }
}
