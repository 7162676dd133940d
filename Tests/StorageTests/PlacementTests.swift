import Testing
@testable import Storage

/// Where an array's replicas run is stored with it (migration 0005).
@Suite struct PlacementTests {
    @Test func placementRoundTripsAndDefaultsToLocal() throws {
        let directory = try TemporaryDirectory()
        let storage = try Storage(path: directory.file("p.sqlite"), migrations: try shippedMigrations())
        defer { storage.close() }
        try storage.createArray(ArrayRecord(name: "l", size: 1, semantics: "atomic", replicas: 3, createdAt: 1))
        try storage.createArray(ArrayRecord(name: "n", size: 1, semantics: "atomic", replicas: 3, createdAt: 2, placement: "nodes"))
        #expect(try storage.arrays().map(\.placement) == ["local", "nodes"])
        #expect(try storage.array(named: "n")?.placement == "nodes")
        #expect(throws: StorageError.self) {
            try storage.createArray(ArrayRecord(name: "x", size: 1, semantics: "atomic", replicas: 3, createdAt: 3, placement: "moon"))
        }
    }
}
