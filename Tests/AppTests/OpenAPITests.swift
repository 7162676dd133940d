@testable import App
import Foundation
import HTTP
import Storage
import TestSupport
import Testing

/// `GET /openapi.json` is the description of the routes the server really has.
@Suite struct OpenAPITests {
    /// The router the application serves, over services on a fresh database.
    static func router() throws -> Router<Route> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storage = try Storage(
            path: folder.appendingPathComponent("test.sqlite").path,
            migrations: try Migrations.load(directory: TestApp.migrations))
        let metrics = AppMetrics()
        let arrays = try ArrayService(storage: storage, metrics: metrics)
        return Routes.router(
            arrays: arrays, histories: HistoryService(storage: storage), health: HealthService(storage: storage, metrics: metrics),
            files: StaticFiles(root: TestApp.publicFiles))
    }

    @Test func servesTheDescriptionAsJSON() throws {
        let app = try TestApp()
        let response = try app.client().request("GET", "/openapi.json")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let document = response.object
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: TestApp.publicFiles + "/openapi.json"))
        #expect(Data(response.body) == onDisk)
    }

    @Test func describesEveryRouteAndNothingElse() throws {
        let app = try TestApp()
        let document = try app.client().request("GET", "/openapi.json").object
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        var described = Set<String>()
        for (path, item) in paths {
            for key in item.keys where methods.contains(key) { described.insert("\(key.uppercased()) \(path)") }
        }
        let routes = Routes.openAPIPaths(of: try Self.router()).map { "\($0.method.rawValue) \($0.path)" }
        #expect(routes.count > 20)
        #expect(Set(routes).count == routes.count, "a route is added twice")
        let undocumented = Set(routes).subtracting(described)
        let unrouted = described.subtracting(routes)
        #expect(undocumented.isEmpty, "routes missing from Public/openapi.json: \(undocumented.sorted())")
        #expect(unrouted.isEmpty, "Public/openapi.json describes routes the server lacks: \(unrouted.sorted())")
    }

    @Test func everyPathParameterIsDeclared() throws {
        let app = try TestApp()
        let document = try app.client().request("GET", "/openapi.json").object
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let components = try #require((document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]])
        func resolve(_ parameter: Any) -> [String: Any]? {
            guard let object = parameter as? [String: Any] else { return nil }
            guard let ref = object["$ref"] as? String else { return object }
            return components[String(ref.split(separator: "/").last ?? "")]
        }
        for (path, item) in paths {
            let placeholders = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for (method, operation) in item {
                guard let operation = operation as? [String: Any] else { continue }
                let declared = ((item["parameters"] as? [Any] ?? []) + (operation["parameters"] as? [Any] ?? []))
                    .compactMap(resolve).filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                #expect(Set(declared) == placeholders, "\(method.uppercased()) \(path) declares path parameters \(declared.sorted())")
            }
        }
    }

    @Test func missingDescriptionIs404() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-public-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let app = try TestApp(publicDirectory: empty.path)
        let response = try app.client().request("GET", "/openapi.json")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
    }
}
