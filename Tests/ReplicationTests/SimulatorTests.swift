import Histories
import Testing
@testable import Replication

/// The discrete-event driver: determinism, faults, partitions, and the history it records.
@Suite struct SimulatorTests {
    static let ms = RandomWorkload.millisecond

    static func configuration(
        _ semantics: RegisterSemantics = .atomic, replicas: Int = 3, network: SimulatedNetwork = SimulatedNetwork(latency: ms...(5 * ms)),
        seed: UInt64 = 1
    ) -> SimulationConfiguration {
        SimulationConfiguration(
            semantics: semantics, replicas: replicas, initial: [.null], network: network, deadline: 200 * ms,
            retransmitInterval: 50 * ms, seed: seed)
    }

    @Test func aRunReplaysExactlyFromItsSeed() {
        let workload = RandomWorkload(semantics: .regular, seed: 42)
        let first = workload.run(), second = workload.run()
        #expect(first.operations == second.operations)
        #expect(first.messages == second.messages)
        let other = RandomWorkload(semantics: .regular, seed: 43).run()
        #expect(other.operations != first.operations)
    }

    @Test func aReadAfterAWriteReturnsIt() throws {
        let outcome = Simulator.run(Self.configuration(), clients: [[
            PlannedOperation(.write(.int(5)), register: 0),
            PlannedOperation(.read, register: 0, pause: Self.ms),
        ]])
        try #require(outcome.operations.count == 2)
        #expect(outcome.operations[1].result == .success(.int(5)))
        #expect(outcome.operations[0].complete < outcome.operations[1].invoke)
    }

    @Test(arguments: RegisterSemantics.allCases)
    func aMinorityOfCrashedReplicasStopsNothing(semantics: RegisterSemantics) {
        let outcome = Simulator.run(
            Self.configuration(semantics, replicas: 5), clients: [[
                PlannedOperation(.write(.string("abcd")), register: 0, pause: 2 * Self.ms),
                PlannedOperation(.read, register: 0),
            ]],
            faults: [ScheduledFault(at: 0, .crash(replica: 0)), ScheduledFault(at: 0, .crash(replica: 4))])
        #expect(outcome.operations.map(\.result) == [.success(.string("abcd")), .success(.string("abcd"))])
    }

    @Test(arguments: RegisterSemantics.allCases)
    func aMajorityOfCrashedReplicasFailsEveryOperation(semantics: RegisterSemantics) {
        let outcome = Simulator.run(
            Self.configuration(semantics, replicas: 5), clients: [[
                PlannedOperation(.write(.int(1)), register: 0, pause: Self.ms),
                PlannedOperation(.read, register: 0),
            ]],
            faults: (0..<3).map { ScheduledFault(at: 0, .crash(replica: $0)) })
        for operation in outcome.operations {
            #expect(operation.result == .failure(.quorumUnavailable(answered: 2, needed: 3)))
            #expect(operation.complete - operation.invoke == 200 * Self.ms, "fails at the deadline")
        }
        // The app's record: the write is indeterminate, the read is dropped.
        let history = outcome.history()
        #expect(history.operations.map(\.status) == [.info])
        #expect(history.operations.first?.complete == nil)
    }

    @Test func aRecoveredReplicaAnswersWithWhatItPersisted() {
        // 3 replicas: 2 crashes after the write; with one back, the read has a quorum again and
        // must see the write, which a majority persisted.
        let outcome = Simulator.run(
            Self.configuration(network: .reliable), clients: [[
                PlannedOperation(.write(.int(9)), register: 0),
                PlannedOperation(.read, register: 0, pause: 100 * Self.ms),
            ]],
            faults: [
                ScheduledFault(at: 10 * Self.ms, .crash(replica: 0)), ScheduledFault(at: 10 * Self.ms, .crash(replica: 1)),
                ScheduledFault(at: 50 * Self.ms, .recover(replica: 0)),
            ])
        #expect(outcome.operations.map(\.result) == [.success(.int(9)), .success(.int(9))])
    }

    @Test func theClientIsWithTheFirstPartitionGroup() {
        let reads = [[PlannedOperation(.read, register: 0)]]
        let majoritySide = Simulator.run(Self.configuration(network: SimulatedNetwork(partitions: [[0, 1], [2]])), clients: reads)
        #expect(majoritySide.operations.map(\.result) == [.success(.null)])
        let minoritySide = Simulator.run(Self.configuration(network: SimulatedNetwork(partitions: [[2], [0, 1]])), clients: reads)
        #expect(minoritySide.operations.map(\.result) == [.failure(.quorumUnavailable(answered: 1, needed: 2))])
    }

    @Test func retransmissionGetsThroughALossyNetwork() {
        let lossy = SimulatedNetwork(latency: Self.ms...(3 * Self.ms), loss: 0.5)
        var config = Self.configuration(network: lossy, seed: 7)
        config.deadline = 5_000 * Self.ms
        let outcome = Simulator.run(config, clients: [(0..<10).map { PlannedOperation(.write(.int(Int64($0))), register: 0) }])
        #expect(outcome.operations.allSatisfy { (try? $0.result.get()) != nil })
    }

    @Test func aPartitionOnTheMinoritySideFailsUntilItHeals() {
        let cut = SimulatedNetwork(partitions: [[0], [1, 2]])
        var config = Self.configuration(network: cut)
        config.deadline = 80 * Self.ms
        let outcome = Simulator.run(
            config, clients: [[
                PlannedOperation(.write(.int(1)), register: 0),
                PlannedOperation(.write(.int(2)), register: 0, pause: 300 * Self.ms),
            ]],
            faults: [ScheduledFault(at: 100 * Self.ms, .network(.reliable))])
        #expect(outcome.operations.map(\.result) == [.failure(.quorumUnavailable(answered: 1, needed: 2)), .success(.int(2))])
    }

    @Test func aWriteInFlightCompletesByRetransmissionOnceThePartitionHeals() throws {
        let cut = SimulatedNetwork(partitions: [[0], [1, 2]])
        let outcome = Simulator.run(
            Self.configuration(network: cut), clients: [[PlannedOperation(.write(.int(1)), register: 0)]],
            faults: [ScheduledFault(at: 70 * Self.ms, .network(.reliable))])
        let write = try #require(outcome.operations.first)
        #expect(write.result == .success(.int(1)))
        #expect(write.complete >= 100 * Self.ms, "the retransmission after the heal got through")
    }
}
