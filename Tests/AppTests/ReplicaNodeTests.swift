@testable import App
import Dispatch
import Foundation
import Histories
import Replication
import Storage
import TestSupport
import Testing

/// A replica node in this process, on a loopback port, that can be stopped and started again on
/// the same port and database (as a restarted `registrar replica`).
final class TestNode {
    let databasePath: String
    private(set) var port: Int
    private var node: ReplicaNode?

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        databasePath = folder.appendingPathComponent("node.sqlite").path
        port = 0
        try start()
    }

    var address: String { "127.0.0.1:\(port)" }

    func start() throws {
        let node = try ReplicaNode(configuration: ReplicaNodeConfiguration(
            port: port, databasePath: databasePath, migrationsDirectory: TestApp.migrations))
        port = try node.start()
        self.node = node
    }

    func stop() {
        node?.shutdown()
        node = nil
    }

    deinit { stop() }
}

/// Replica nodes over HTTP: the node service, and arrays run over nodes in this process.
@Suite(.serialized) struct ReplicaNodeTests {
    static func read(_ array: TransportQuorumArray, _ index: Int = 0) async -> Result<Value, ReplicationError> {
        await withCheckedContinuation { continuation in array.read(index: index) { continuation.resume(returning: $0) } }
    }

    static func write(_ array: TransportQuorumArray, _ value: Value, _ index: Int = 0) async -> Result<Void, ReplicationError> {
        await withCheckedContinuation { continuation in
            array.write(index: index, value: value) { continuation.resume(returning: $0) }
        }
    }

    static func array(over nodes: ReplicaNodes, name: String = "a", semantics: RegisterSemantics = .atomic) -> TransportQuorumArray {
        let record = ArrayRecord(name: name, size: 2, semantics: semantics.rawValue, replicas: nodes.count, createdAt: 1, placement: "nodes")
        return TransportQuorumArray(
            semantics: semantics, replicas: nodes.count,
            transport: NodeTransport(nodes: nodes, record: record, semantics: semantics, deadline: .milliseconds(1500)),
            deadline: .milliseconds(1500), retransmitInterval: .milliseconds(50))
    }

    @Test func operationsGoOnWithAMinorityDownFailWithoutAQuorumAndResumeWhenNodesReturn() async throws {
        let nodes = try (0..<3).map { _ in try TestNode() }
        let pool = try ReplicaNodes(addresses: ReplicaNodes.parse(nodes.map(\.address).joined(separator: ",")).get(), probeInterval: 0.1)
        defer { pool.shutdown() }
        let array = Self.array(over: pool)
        try await Self.write(array, .string("one")).get()
        #expect(try await Self.read(array).get() == .string("one"))
        #expect(array.replicaStates == [.up, .up, .up])

        nodes[0].stop()
        try await Self.write(array, .string("two")).get()
        #expect(try await Self.read(array).get() == .string("two"))
        #expect(array.replicaStates[0] == .unreachable)

        nodes[1].stop()
        await #expect(throws: ReplicationError.quorumUnavailable(answered: 1, needed: 2)) {
            try await Self.write(array, .string("three")).get()
        }
        #expect(await Self.read(array) == .failure(.quorumUnavailable(answered: 1, needed: 2)))
        try await Task.sleep(for: .milliseconds(300))
        #expect(!array.hasLiveQuorum)

        // Node 0 comes back from its file (it missed "two"; node 2 has it, maybe "three" too).
        try nodes[0].start()
        let value = try await Self.read(array).get()
        #expect(value == .string("two") || value == .string("three"))
        try nodes[1].start()
        try await Self.write(array, .string("four")).get()
        #expect(try await Self.read(array).get() == .string("four"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(array.replicaStates == [.up, .up, .up])
    }

    @Test func aNodeKeepsAcknowledgedStoresAcrossARestartAndRefusesAnOlderIncarnation() throws {
        let node = try TestNode()
        let store = #"{"replica":1,"array":{"size":2,"semantics":"atomic","replicas":3,"incarnation":10},"id":{"operation":1,"round":1},"slot":{"register":1,"part":0},"tag":{"counter":4,"writer":99},"value":"kept"}"#
        let query = #"{"replica":1,"array":{"size":2,"semantics":"atomic","replicas":3,"incarnation":10},"id":{"operation":2,"round":0},"register":1,"parts":1}"#
        var client = try TestClient(port: node.port)
        let stored = try client.request("POST", "/replica/arrays/x/store", body: store)
        #expect(stored.status == 200)
        #expect(stored.text == #"{"id":{"operation":1,"round":1},"stored":true}"#)

        node.stop()
        try node.start()
        client = try TestClient(port: node.port)
        let answered = try client.request("POST", "/replica/arrays/x/query", body: query)
        #expect(answered.text == #"{"id":{"operation":2,"round":0},"parts":[{"tag":{"counter":4,"writer":99},"value":"kept"}]}"#)
        // The node serves replica 1 of x (its stores say so, across the restart): asked for
        // replica 0, as a coordinator given its nodes in another order would, it refuses.
        let other = try client.request("POST", "/replica/arrays/x/query", body: query.replacingOccurrences(of: #""replica":1"#, with: #""replica":0"#))
        #expect(other.status == 409)
        #expect(other.text.contains("serves replica 1 of array 'x', not replica 0"))

        // A request for an older incarnation is refused; a newer one starts the array afresh.
        let older = try client.request("POST", "/replica/arrays/x/query", body: query.replacingOccurrences(of: #""incarnation":10"#, with: #""incarnation":9"#))
        #expect(older.status == 409)
        let newer = try client.request("POST", "/replica/arrays/x/query", body: query.replacingOccurrences(of: #""incarnation":10"#, with: #""incarnation":11"#))
        #expect(newer.text.contains(#""value":null"#))
        let listed = try client.request("GET", "/replica/arrays")
        #expect((listed.object["arrays"] as? [[String: Any]])?.first?["incarnation"] as? Int == 11)
        #expect(try client.request("POST", "/replica/arrays/x/store", body: "{}").status == 400)
    }

    @Test func arraysArePlacedOnNodesThroughTheAPI() throws {
        let nodes = try (0..<3).map { _ in try TestNode() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = AppConfiguration(
            port: 0, databasePath: folder.appendingPathComponent("app.sqlite").path, migrationsDirectory: TestApp.migrations,
            publicDirectory: TestApp.publicFiles, quorumDeadline: .milliseconds(1500), replicaNodes: nodes.map(\.address))
        var application = try Application(configuration: configuration, makeReplication: nil)
        var client = try TestClient(port: try application.start())

        let created = try client.request("POST", "/arrays", body: #"{"name":"n","size":2,"replicas":3,"placement":"nodes"}"#)
        #expect(created.status == 201)
        #expect(created.object["placement"] as? String == "nodes")
        let described = (created.object["replicaStates"] as? [[String: Any]])?.compactMap { $0["node"] as? String }
        #expect(described == nodes.map(\.address))
        #expect(try client.request("PUT", "/arrays/n/registers/1?process=a", body: #"{"value":"v"}"#).status == 200)
        #expect(try client.request("GET", "/arrays/n/registers/1?process=b").object["value"] as? String == "v")
        #expect(try client.request("POST", "/arrays", body: #"{"name":"m","size":2,"replicas":4,"placement":"nodes"}"#).status == 400)
        #expect(try client.request("POST", "/arrays", body: #"{"name":"m","size":2,"placement":"far"}"#).status == 400)
        #expect(try client.request("POST", "/arrays/n/replicas/0/crash").status == 409)
        #expect(try client.request("PUT", "/arrays/n/network", body: "{}").status == 409)
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 200)
        #expect((ready.object["replicaNodes"] as? [[String: Any]])?.count == 3)

        // Two nodes down: 503, the write recorded as info, the array not ready.
        nodes[0].stop()
        nodes[1].stop()
        #expect(try client.request("PUT", "/arrays/n/registers/1?process=a", body: #"{"value":"w"}"#).status == 503)
        Thread.sleep(forTimeInterval: 1.2)  // a probe interval: idle nodes are probed each second
        #expect(try client.request("GET", "/readyz").status == 503)

        // A restarted server finds the array on the nodes again.
        application.shutdown()
        try nodes[0].start()
        application = try Application(configuration: configuration, makeReplication: nil)
        defer { application.shutdown() }
        client = try TestClient(port: try application.start())
        #expect(try client.request("GET", "/arrays/n/registers/1?process=b").status == 200)
        let operations = try client.request("GET", "/arrays/n/history").object["operations"] as? [[String: Any]] ?? []
        #expect(operations.map { $0["status"] as? String } == ["ok", "ok", "info", "ok"])
        #expect(try client.request("GET", "/arrays/n/verdict").object["consistency"] as? String == "atomic")

        // Deleting the array deletes it on the nodes that are up, and they refuse it afterwards.
        #expect(try client.request("DELETE", "/arrays/n").status == 204)
        for node in [nodes[0], nodes[2]] {
            let nodeClient = try TestClient(port: node.port)
            var hosted: [[String: Any]] = [["name": "n"]]
            let deadline = Date().addingTimeInterval(5)
            while !hosted.isEmpty && Date() < deadline {
                hosted = try nodeClient.request("GET", "/replica/arrays").object["arrays"] as? [[String: Any]] ?? []
                if !hosted.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(hosted.isEmpty, "node \(node.address) still hosts the deleted array")
        }
        let incarnation = created.object["createdAt"] as? Int ?? 0
        #expect(incarnation > 0)
        let late = #"{"replica":0,"array":{"size":2,"semantics":"atomic","replicas":3,"incarnation":\#(incarnation)},"id":{"operation":9,"round":0},"register":1,"parts":1}"#
        #expect(try TestClient(port: nodes[0].port).request("POST", "/replica/arrays/n/query", body: late).status == 409)
    }

    @Test func aServerWithoutNodesRefusesNodePlacement() throws {
        let app = try TestApp(makeReplication: nil)
        let response = try app.client().request("POST", "/arrays", body: #"{"name":"n","size":2,"placement":"nodes"}"#)
        #expect(response.status == 409)
        #expect(response.text.contains("--replica-nodes"))
    }
}
