import FoundationEssentials
import HTTP

/// `GET /openapi.json`: the OpenAPI 3.1 description of the API, `Public/openapi.json`.
///
/// The description is a file, not Swift: it is edited, diffed and validated as the JSON it is
/// (`scripts/api-conformance.sh`), and the tests check that it names every route of `Routes.router`.
extension Routes {
    static let openAPIFile = "openapi.json"

    /// Serves the description, read once here (at start-up); 404 when the file is missing.
    static func addOpenAPI(to router: inout Router<Route>, files: StaticFiles) {
        let document = FileManager.default.contents(atPath: files.root + "/" + openAPIFile).map { Array($0) }
        router.add(.get, "/openapi.json", Route(pattern: "/openapi.json") { _, reply in
            guard let document else {
                reply(.failure(.notFound("this server has no API description: \(openAPIFile) is missing from its Public folder")))
                return
            }
            reply(.success(.jsonBytes(document)))
        })
    }

    /// The method and pattern of every route of `router`, in OpenAPI's spelling: `:name` and `*name`
    /// segments become `{name}`.
    static func openAPIPaths(of router: Router<Route>) -> [(method: HTTPMethod, path: String)] {
        router.table.map { entry in
            let segments = entry.handler.pattern.split(separator: "/").map { segment in
                segment.hasPrefix(":") || segment.hasPrefix("*") ? "{\(segment.dropFirst())}" : String(segment)
            }
            return (entry.method, "/" + segments.joined(separator: "/"))
        }
    }
}
