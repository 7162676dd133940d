import Checker
import Dispatch
import Histories
import Synchronization
import Testing
@testable import Replication

/// The real-time runner: Dispatch timers for latency, retransmission and the deadline.
@Suite struct QuorumArrayTests {
    static func array(
        _ semantics: RegisterSemantics = .atomic, replicas: Int = 3, stores: [any ReplicaStore]? = nil,
        deadline: Duration = .milliseconds(300), seed: UInt64 = 1
    ) -> QuorumArray {
        let array = QuorumArray(
            semantics: semantics, replicas: replicas, initial: [.null, .null], stores: stores, deadline: deadline,
            retransmitInterval: .milliseconds(20), seed: seed)
        array.setNetwork(latencyMillis: 0...2, loss: 0, partitions: [])
        return array
    }

    static func read(_ array: QuorumArray, _ index: Int = 0) async -> Result<Value, ReplicationError> {
        await withCheckedContinuation { continuation in
            array.read(index: index) { continuation.resume(returning: $0) }
        }
    }

    static func write(_ array: QuorumArray, _ value: Value, _ index: Int = 0) async -> Result<Void, ReplicationError> {
        await withCheckedContinuation { continuation in
            array.write(index: index, value: value) { continuation.resume(returning: $0) }
        }
    }

    @Test(arguments: RegisterSemantics.allCases)
    func aReadReturnsTheLastWrite(semantics: RegisterSemantics) async throws {
        let array = Self.array(semantics)
        #expect(try await Self.read(array).get() == .null)
        try await Self.write(array, .string("hello")).get()
        try await Self.write(array, .int(-12), 1).get()
        #expect(try await Self.read(array).get() == .string("hello"))
        #expect(try await Self.read(array, 1).get() == .int(-12))
    }

    @Test func aMinorityCrashStopsNothing() async throws {
        let array = Self.array(replicas: 5)
        array.crash(replica: 1)
        array.crash(replica: 3)
        #expect(array.replicaStates == [.up, .crashed, .up, .crashed, .up])
        #expect(array.hasLiveQuorum)
        try await Self.write(array, .int(1)).get()
        #expect(try await Self.read(array).get() == .int(1))
    }

    @Test func aMajorityCrashFailsOperationsAtTheDeadline() async throws {
        let array = Self.array(replicas: 3, deadline: .milliseconds(150))
        array.crash(replica: 0)
        array.crash(replica: 2)
        #expect(!array.hasLiveQuorum)
        let started = DispatchTime.now().uptimeNanoseconds
        let write = await Self.write(array, .int(1))
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        #expect(throws: ReplicationError.quorumUnavailable(answered: 1, needed: 2)) { try write.get() }
        #expect(elapsed >= 150_000_000)
        #expect(await Self.read(array) == .failure(.quorumUnavailable(answered: 1, needed: 2)))

        try array.recover(replica: 2)
        #expect(array.replicaStates == [.crashed, .up, .up])
        #expect(array.hasLiveQuorum)
        try await Self.write(array, .int(2)).get()
    }

    @Test func aRecoveredReplicaAnswersFromItsStore() async throws {
        let stores = (0..<3).map { _ in InMemoryReplicaStore() }
        let array = Self.array(replicas: 3, stores: stores)
        array.crash(replica: 2)
        try await Self.write(array, .string("kept")).get()  // reaches replicas 0 and 1 only
        array.crash(replica: 0)
        array.crash(replica: 1)
        try array.recover(replica: 0)
        try array.recover(replica: 2)
        // The quorum is {0, 2}: only replica 0's store has the write.
        #expect(try await Self.read(array).get() == .string("kept"))
        // A new array over the same stores (an app restart) starts from them.
        let restarted = Self.array(replicas: 3, stores: stores)
        #expect(try await Self.read(restarted).get() == .string("kept"))
    }

    @Test func theClientIsWithTheFirstPartitionGroup() async throws {
        let array = Self.array(replicas: 3, deadline: .milliseconds(100))
        array.setNetwork(latencyMillis: 0...1, loss: 0, partitions: [[2], [0, 1]])
        #expect(array.replicaStates == [.partitioned, .partitioned, .up])
        #expect(!array.hasLiveQuorum)
        #expect(await Self.read(array) == .failure(.quorumUnavailable(answered: 1, needed: 2)))
        array.setNetwork(latencyMillis: 0...1, loss: 0, partitions: [[0, 2], [1]])
        #expect(array.replicaStates == [.up, .partitioned, .up])
        #expect(try await Self.read(array).get() == .null)
    }

    /// A small clock-stamped workload on the real-time runner, judged by the checker.
    @Test(arguments: [RegisterSemantics.atomic, .regular, .safe])
    func concurrentClientsOverALossyNetworkKeepTheArraysPromise(semantics: RegisterSemantics) async throws {
        let seed: UInt64 = 11
        let array = Self.array(semantics, replicas: 5, deadline: .milliseconds(500), seed: seed)
        array.setNetwork(latencyMillis: 0...4, loss: 0.05, partitions: [])
        array.crash(replica: 4)
        let recorded = await runConcurrentClients(on: array) { client, step in
            let half = String(1000 + client * 100 + step)
            return .string(half + half)
        }
        let verdict = Checker.check(History(operations: recorded))
        for register in verdict.registers {
            let holds: Bool? = switch semantics {
            case .atomic: register.atomic
            case .regular: register.regular
            case .safe: register.safe
            }
            #expect(holds == true, "seed \(seed): \(semantics) register \(register.register): \(register.violations.map(\.message))")
        }
        #expect(recorded.count >= 40)
    }
}
