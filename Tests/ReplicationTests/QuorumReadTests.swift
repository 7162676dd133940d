import Histories
import Testing
@testable import Replication

/// The client-side read: the newest value of a majority, written back first when atomic.
@Suite struct QuorumReadTests {
    static let query = RequestID(operation: 3, round: 0)
    static let writeBack = RequestID(operation: 3, round: 1)

    static func queried(_ counter: UInt64, _ value: Value) -> ReplicaReply {
        .queried(query, parts: [TaggedValue(tag: Tag(counter: counter, writer: 1), value: value)])
    }

    static func read(_ semantics: RegisterSemantics, replicas: Int = 3) -> QuorumRead {
        QuorumRead(id: 3, register: 1, configuration: QuorumConfiguration(replicas: replicas, semantics: semantics))
    }

    @Test func atomicReadsWriteTheNewestValueBackBeforeReturning() {
        var read = Self.read(.atomic)
        #expect(read.handle(.start) == (0..<3).map { .send(to: $0, .query(Self.query, register: 1, parts: 1)) })
        _ = read.handle(.reply(from: 0, Self.queried(1, .int(1))))
        let actions = read.handle(.reply(from: 2, Self.queried(2, .int(2))))
        let entry = TaggedValue(tag: Tag(counter: 2, writer: 1), value: .int(2))
        #expect(actions == (0..<3).map { .send(to: $0, .store(Self.writeBack, slot: Slot(register: 1), entry: entry)) })
        #expect(read.handle(.reply(from: 1, .stored(Self.writeBack))).isEmpty)
        #expect(read.handle(.reply(from: 1, .stored(Self.writeBack))).isEmpty, "a duplicate acknowledgement")
        #expect(read.handle(.reply(from: 0, .stored(Self.writeBack))) == [.complete(.int(2))])
    }

    @Test func atomicReadsSkipTheWriteBackWhenTheMajorityAgrees() {
        var read = Self.read(.atomic)
        _ = read.handle(.start)
        _ = read.handle(.reply(from: 0, Self.queried(2, .int(2))))
        #expect(read.handle(.reply(from: 1, Self.queried(2, .int(2)))) == [.complete(.int(2))])
    }

    @Test func regularReadsReturnTheNewestValueWithoutWritingBack() {
        var read = Self.read(.regular)
        _ = read.handle(.start)
        _ = read.handle(.reply(from: 0, Self.queried(5, .int(5))))
        #expect(read.handle(.reply(from: 1, Self.queried(1, .int(1)))) == [.complete(.int(5))])
    }

    @Test func theNewestIsChosenByTagNotByArrival() {
        var read = Self.read(.regular, replicas: 5)
        _ = read.handle(.start)
        _ = read.handle(.reply(from: 4, Self.queried(3, .int(3))))
        _ = read.handle(.reply(from: 0, Self.queried(7, .int(7))))
        #expect(read.handle(.reply(from: 1, Self.queried(4, .int(4)))) == [.complete(.int(7))])
    }

    @Test func safeReadsJoinTheNewestOfEachPartEvenFromDifferentWrites() {
        var read = Self.read(.safe)
        _ = read.handle(.start)
        let older = Tag(counter: 1, writer: 1), newer = Tag(counter: 2, writer: 2)
        // Replica 0 has the new first half only; replica 1 has the old value whole.
        _ = read.handle(.reply(from: 0, .queried(Self.query, parts: [
            TaggedValue(tag: newer, value: .string("bb")), TaggedValue(tag: older, value: .string("aa")),
        ])))
        let actions = read.handle(.reply(from: 1, .queried(Self.query, parts: [
            TaggedValue(tag: older, value: .string("aa")), TaggedValue(tag: older, value: .string("aa")),
        ])))
        #expect(actions == [.complete(.string("bbaa"))])
    }

    @Test func aReplyWithTheWrongNumberOfPartsIsIgnored() {
        var read = Self.read(.safe)
        _ = read.handle(.start)
        #expect(read.handle(.reply(from: 0, Self.queried(1, .int(1)))).isEmpty)
        #expect(read.handle(.reply(from: 1, Self.queried(1, .int(1)))).isEmpty)
        #expect(!read.isFinished)
    }

    @Test func timeoutDuringTheWriteBackFails() {
        var read = Self.read(.atomic)
        _ = read.handle(.start)
        _ = read.handle(.reply(from: 0, Self.queried(1, .int(1))))
        _ = read.handle(.reply(from: 1, Self.queried(2, .int(2))))
        _ = read.handle(.reply(from: 1, .stored(Self.writeBack)))
        #expect(read.handle(.timeout) == [.fail(.quorumUnavailable(answered: 1, needed: 2))])
        #expect(read.handle(.reply(from: 0, .stored(Self.writeBack))).isEmpty)
    }
}
