import Testing
@testable import Replication

/// The network model and the simulator's event order.
@Suite struct SimulatedNetworkTests {
    @Test func withoutPartitionsEveryReplicaIsReachable() {
        #expect((0..<5).allSatisfy { SimulatedNetwork().isReachable($0) })
    }

    @Test func onlyTheFirstGroupIsWithTheClient() {
        let network = SimulatedNetwork(partitions: [[1, 3], [0, 2]])
        #expect((0..<5).map(network.isReachable) == [false, true, false, true, false], "replica 4 is in no group")
    }

    @Test func delaysStayInTheLinkRangeAndReplayFromTheSeed() {
        let network = SimulatedNetwork(latency: 10...20, linkLatency: [1: 100...100])
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        let first = (0..<50).map { _ in network.delay(for: 0, using: &a) }
        let second = (0..<50).map { _ in network.delay(for: 0, using: &b) }
        #expect(first == second)
        #expect(first.allSatisfy { $0.map { (10...20).contains($0) } == true })
        #expect(network.delay(for: 1, using: &a) == 100)
    }

    @Test func lossDropsThatShareOfMessages() {
        let lossy = SimulatedNetwork(loss: 0.25)
        var generator = SplitMix64(seed: 9)
        let lost = (0..<10_000).filter { _ in lossy.delay(for: 0, using: &generator) == nil }.count
        #expect((2_200...2_800).contains(lost))
        #expect(SimulatedNetwork(loss: 1).delay(for: 0, using: &generator) == nil)
        #expect(SimulatedNetwork(partitions: [[1]]).delay(for: 0, using: &generator) == nil)
    }

    @Test func eventsComeOutByTimeThenInTheOrderTheyWereScheduled() {
        var queue = EventQueue<String>()
        queue.schedule("c", at: 5)
        queue.schedule("a", at: 1)
        queue.schedule("d", at: 5)
        queue.schedule("b", at: 2)
        queue.schedule("e", at: 5)
        var out: [String] = []
        while let (_, event) = queue.pop() { out.append(event) }
        #expect(out == ["a", "b", "c", "d", "e"])
    }
}
