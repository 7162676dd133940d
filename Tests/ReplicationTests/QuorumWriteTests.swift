import Histories
import Testing
@testable import Replication

/// The client-side write: query a majority for the highest tag, then store above it at a majority.
@Suite struct QuorumWriteTests {
    static let three = QuorumConfiguration(replicas: 3, semantics: .atomic)
    static let query = RequestID(operation: 1, round: 0)
    static let store = RequestID(operation: 1, round: 1)

    static func queried(_ counter: UInt64, _ writer: UInt64, _ value: Value = .null) -> ReplicaReply {
        .queried(query, parts: [TaggedValue(tag: Tag(counter: counter, writer: writer), value: value)])
    }

    @Test func quorumIsAMajority() {
        #expect(QuorumConfiguration(replicas: 1, semantics: .atomic).quorum == 1)
        #expect(QuorumConfiguration(replicas: 2, semantics: .atomic).quorum == 2)
        #expect(QuorumConfiguration(replicas: 3, semantics: .atomic).quorum == 2)
        #expect(QuorumConfiguration(replicas: 4, semantics: .atomic).quorum == 3)
        #expect(QuorumConfiguration(replicas: 9, semantics: .atomic).quorum == 5)
    }

    @Test func startQueriesEveryReplica() {
        var write = QuorumWrite(id: 1, register: 2, value: .int(5), writer: 40, configuration: Self.three)
        let actions = write.handle(.start)
        #expect(actions == (0..<3).map { .send(to: $0, .query(Self.query, register: 2, parts: 1)) })
    }

    @Test func storesAboveTheHighestTagOfAMajorityWithItsOwnWriter() {
        var write = QuorumWrite(id: 1, register: 0, value: .int(5), writer: 40, configuration: Self.three)
        _ = write.handle(.start)
        #expect(write.handle(.reply(from: 2, Self.queried(3, 90))).isEmpty)
        let actions = write.handle(.reply(from: 0, Self.queried(1, 7)))
        let entry = TaggedValue(tag: Tag(counter: 4, writer: 40), value: .int(5))
        #expect(actions == (0..<3).map { .send(to: $0, .store(Self.store, slot: Slot(register: 0), entry: entry)) })
        #expect(write.tag == Tag(counter: 4, writer: 40))
    }

    @Test func completesOnceAMajorityAcknowledges() {
        var write = QuorumWrite(id: 1, register: 0, value: .int(5), writer: 40, configuration: Self.three)
        _ = write.handle(.start)
        _ = write.handle(.reply(from: 0, Self.queried(0, 0)))
        _ = write.handle(.reply(from: 1, Self.queried(0, 0)))
        #expect(write.handle(.reply(from: 1, .stored(Self.store))).isEmpty)
        #expect(write.handle(.reply(from: 2, .stored(Self.store))) == [.complete(.int(5))])
        #expect(write.isFinished)
        #expect(write.handle(.reply(from: 0, .stored(Self.store))).isEmpty)
        #expect(write.handle(.timeout).isEmpty)
    }

    @Test func duplicateRepliesDoNotMakeAQuorum() {
        var write = QuorumWrite(id: 1, register: 0, value: .int(5), writer: 40, configuration: Self.three)
        _ = write.handle(.start)
        #expect(write.handle(.reply(from: 0, Self.queried(0, 0))).isEmpty)
        #expect(write.handle(.reply(from: 0, Self.queried(9, 9))).isEmpty)
        #expect(write.handle(.reply(from: 7, Self.queried(0, 0))).isEmpty)
        #expect(write.tag == nil)
    }

    @Test func repliesToAnotherRoundOrOperationAreIgnored() {
        var write = QuorumWrite(id: 1, register: 0, value: .int(5), writer: 40, configuration: Self.three)
        _ = write.handle(.start)
        // An acknowledgement for the store round before it began, and a query answer for another operation.
        #expect(write.handle(.reply(from: 0, .stored(Self.store))).isEmpty)
        let other = RequestID(operation: 2, round: 0)
        #expect(write.handle(.reply(from: 1, .queried(other, parts: [TaggedValue(tag: .initial, value: .null)]))).isEmpty)
        _ = write.handle(.reply(from: 0, Self.queried(0, 0)))
        _ = write.handle(.reply(from: 1, Self.queried(0, 0)))
        // A late query answer during the store round does not count as an acknowledgement.
        #expect(write.handle(.reply(from: 2, Self.queried(0, 0))).isEmpty)
        #expect(write.handle(.reply(from: 2, .stored(Self.store))).isEmpty)
        #expect(!write.isFinished)
    }

    @Test func retransmitGoesOnlyToReplicasThatHaveNotAnswered() {
        var write = QuorumWrite(id: 1, register: 0, value: .int(5), writer: 40, configuration: QuorumConfiguration(replicas: 5, semantics: .atomic))
        _ = write.handle(.start)
        _ = write.handle(.reply(from: 1, Self.queried(0, 0)))
        _ = write.handle(.reply(from: 3, Self.queried(0, 0)))
        #expect(write.handle(.retransmit) == [0, 2, 4].map { .send(to: $0, .query(Self.query, register: 0, parts: 1)) })
    }

    @Test func timeoutFailsWithTheNumberThatAnswered() {
        var write = QuorumWrite(id: 1, register: 0, value: .int(5), writer: 40, configuration: QuorumConfiguration(replicas: 5, semantics: .atomic))
        _ = write.handle(.start)
        _ = write.handle(.reply(from: 4, Self.queried(0, 0)))
        #expect(write.handle(.timeout) == [.fail(.quorumUnavailable(answered: 1, needed: 3))])
        #expect(write.isFinished)
        #expect(write.handle(.reply(from: 1, Self.queried(0, 0))).isEmpty)
    }

    @Test func safeWritesStoreTheirTwoPartsInTwoRounds() {
        let safe = QuorumConfiguration(replicas: 3, semantics: .safe)
        var write = QuorumWrite(id: 1, register: 0, value: .string("abcd"), writer: 40, configuration: safe)
        _ = write.handle(.start)
        let initial = ReplicaReply.queried(Self.query, parts: [
            TaggedValue(tag: Tag(counter: 2, writer: 1), value: .string("xx")),
            TaggedValue(tag: Tag(counter: 1, writer: 1), value: .string("yy")),
        ])
        _ = write.handle(.reply(from: 0, initial))
        let first = write.handle(.reply(from: 1, initial))
        let tag = Tag(counter: 3, writer: 40)
        #expect(first == (0..<3).map {
            .send(to: $0, .store(Self.store, slot: Slot(register: 0, part: 0), entry: TaggedValue(tag: tag, value: .string("ab"))))
        })
        _ = write.handle(.reply(from: 0, .stored(Self.store)))
        let second = write.handle(.reply(from: 2, .stored(Self.store)))
        let round2 = RequestID(operation: 1, round: 2)
        #expect(second == (0..<3).map {
            .send(to: $0, .store(round2, slot: Slot(register: 0, part: 1), entry: TaggedValue(tag: tag, value: .string("cd"))))
        })
        _ = write.handle(.reply(from: 0, .stored(round2)))
        #expect(write.handle(.reply(from: 1, .stored(round2))) == [.complete(.string("abcd"))])
    }
}
