@testable import App
import Foundation
import TestSupport
import Testing

@Suite struct ReplicatedArraysAPITests {
    @Test func arraysHaveThreeReplicasByDefaultAndAMinorityCrashStopsNothing() throws {
        let app = try TestApp(makeReplication: nil)
        let client = try app.client()
        let created = try client.request("POST", "/arrays", body: #"{"name":"r","size":2}"#)
        #expect(created.object["replicas"] as? Int == 3)
        #expect(try client.request("PUT", "/arrays/r/registers/0?process=a", body: #"{"value":"one"}"#).status == 200)
        let crashed = try client.request("POST", "/arrays/r/replicas/2/crash")
        #expect((crashed.object["replicaStates"] as? [[String: Any]])?.map { $0["state"] as? String } == ["up", "up", "crashed"])
        #expect(try client.request("PUT", "/arrays/r/registers/0?process=a", body: #"{"value":"two"}"#).status == 200)
        #expect(try client.request("GET", "/arrays/r/registers/0?process=b").object["value"] as? String == "two")
        #expect(try client.request("GET", "/readyz").status == 200)
    }

    @Test func withoutAQuorumWritesAre503AndInfoAndTheArrayIsNotReady() throws {
        let app = try TestApp(makeReplication: nil, quorumDeadline: .milliseconds(200))
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"q","size":1,"replicas":3}"#)
        _ = try client.request("POST", "/arrays/q/replicas/0/crash")
        _ = try client.request("POST", "/arrays/q/replicas/1/crash")
        #expect(try client.request("PUT", "/arrays/q/registers/0?process=a", body: #"{"value":1}"#).status == 503)
        #expect(try client.request("GET", "/arrays/q/registers/0?process=b").status == 503)
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(ready.object["arraysWithoutQuorum"] as? [String] == ["q"])
        _ = try client.request("POST", "/arrays/q/replicas/0/recover")
        #expect(try client.request("GET", "/readyz").status == 200)
        #expect(try client.request("PUT", "/arrays/q/registers/0?process=a", body: #"{"value":2}"#).status == 200)
        let operations = try client.request("GET", "/arrays/q/history").object["operations"] as? [[String: Any]] ?? []
        #expect(operations.map { $0["status"] as? String } == ["info", "ok"])
        #expect(try client.request("GET", "/arrays/q/verdict").object["consistency"] as? String == "atomic")
    }

    @Test func replicaStateSurvivesARestart() throws {
        let database: String
        do {
            let app = try TestApp(makeReplication: nil)
            database = app.databasePath
            let client = try app.client()
            _ = try client.request("POST", "/arrays", body: #"{"name":"p","size":2,"semantics":"regular","replicas":5}"#)
            #expect(try client.request("PUT", "/arrays/p/registers/1?process=a", body: #"{"value":[1]}"#).status == 400)
            #expect(try client.request("PUT", "/arrays/p/registers/1?process=a", body: #"{"value":"kept"}"#).status == 200)
        }
        let app = try TestApp(databasePath: database, makeReplication: nil)
        let client = try app.client()
        #expect(try client.request("GET", "/arrays/p/registers/1?process=b").object["value"] as? String == "kept")
        #expect(try client.request("GET", "/arrays/p").object["semantics"] as? String == "regular")
    }

    @Test func theNetworkCanBeDegradedAndPartitioned() throws {
        // A deadline long enough for retransmissions to get through a lossy link on a busy machine.
        let app = try TestApp(makeReplication: nil, quorumDeadline: .seconds(1))
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"n","size":1,"replicas":3}"#)
        let slow = try client.request("PUT", "/arrays/n/network", body: #"{"latencyMillis":[1,3],"loss":0.05}"#)
        #expect(slow.status == 200)
        #expect(try client.request("PUT", "/arrays/n/registers/0?process=a", body: #"{"value":1}"#).status == 200)
        let cut = try client.request("PUT", "/arrays/n/network", body: #"{"partitions":[[0],[1,2]]}"#)
        #expect((cut.object["replicaStates"] as? [[String: Any]])?.map { $0["state"] as? String } == ["up", "partitioned", "partitioned"])
        #expect(try client.request("GET", "/arrays/n/registers/0?process=a").status == 503)
        _ = try client.request("PUT", "/arrays/n/network", body: "{}")
        #expect(try client.request("GET", "/arrays/n/registers/0?process=a").object["value"] as? Int == 1)
    }

    @Test(arguments: [
        (#"{"latencyMillis":[5,1]}"#, "/latencyMillis"),
        (#"{"loss":1.5}"#, "/loss"),
        (#"{"partitions":[[0,3]]}"#, "/partitions"),
        (#"{"partitions":[[0],[0,1]]}"#, "/partitions"),
        (#"{"jitter":1}"#, "/jitter"),
    ])
    func aWrongNetworkBodyIsA400(body: String, pointer: String) throws {
        let app = try TestApp(makeReplication: nil)
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"n","size":1,"replicas":3}"#)
        let response = try client.request("PUT", "/arrays/n/network", body: body)
        #expect(response.status == 400)
        #expect(response.object["pointer"] as? String == pointer)
    }

    @Test func faultsNeedAReplicatedArrayAndAReplicaThatExists() throws {
        let app = try TestApp(makeReplication: nil)
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"one","size":1,"replicas":1}"#)
        _ = try client.request("POST", "/arrays", body: #"{"name":"three","size":1,"replicas":3}"#)
        #expect(try client.request("POST", "/arrays/one/replicas/0/crash").status == 409)
        #expect(try client.request("POST", "/arrays/three/replicas/3/crash").status == 404)
        #expect(try client.request("POST", "/arrays/nope/replicas/0/crash").status == 404)
        #expect(try client.request("GET", "/arrays/three/replicas/0/crash").status == 405)
    }
}
