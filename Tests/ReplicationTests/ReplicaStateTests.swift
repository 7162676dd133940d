import Histories
import Testing
@testable import Replication

/// The replica state machine: tags only go up, stores are idempotent, persistence is what recovers.
@Suite struct ReplicaStateTests {
    let id = RequestID(operation: 7, round: 1)

    @Test func tagsOrderByCounterThenWriter() {
        #expect(Tag(counter: 1, writer: 9) < Tag(counter: 2, writer: 1))
        #expect(Tag(counter: 2, writer: 1) < Tag(counter: 2, writer: 3))
        #expect(!(Tag(counter: 2, writer: 3) < Tag(counter: 2, writer: 3)))
        #expect(Tag.initial < Tag(counter: 0, writer: 1))
        #expect(Tag(counter: 4, writer: 2).successor(writer: 1) == Tag(counter: 5, writer: 1))
    }

    @Test func unwrittenRegistersAnswerTheirInitialValueWithTheInitialTag() {
        var replica = ReplicaState(initial: [.int(1), .string("ab")], semantics: .atomic)
        let step = replica.handle(.query(id, register: 1, parts: 1))
        #expect(step.save == nil)
        #expect(step.reply == .queried(id, parts: [TaggedValue(tag: .initial, value: .string("ab"))]))
    }

    @Test func safeRegistersAnswerBothPartsOfTheInitialValue() {
        var replica = ReplicaState(initial: [.string("abcd")], semantics: .safe)
        let step = replica.handle(.query(id, register: 0, parts: 2))
        #expect(step.reply == .queried(id, parts: [
            TaggedValue(tag: .initial, value: .string("ab")), TaggedValue(tag: .initial, value: .string("cd")),
        ]))
    }

    @Test func aStoreWithAHigherTagIsKeptAndPersisted() {
        var replica = ReplicaState(initial: [.null], semantics: .atomic)
        let entry = TaggedValue(tag: Tag(counter: 1, writer: 3), value: .int(5))
        let step = replica.handle(.store(id, slot: Slot(register: 0), entry: entry))
        #expect(step.save == SlotWrite(slot: Slot(register: 0), entry: entry))
        #expect(step.reply == .stored(id))
        #expect(replica.entry(at: Slot(register: 0)) == entry)
    }

    @Test func anOlderOrRepeatedStoreIsAcknowledgedWithoutEffect() {
        var replica = ReplicaState(initial: [.null], semantics: .atomic)
        let newer = TaggedValue(tag: Tag(counter: 2, writer: 1), value: .int(2))
        let older = TaggedValue(tag: Tag(counter: 1, writer: 9), value: .int(1))
        _ = replica.handle(.store(id, slot: Slot(register: 0), entry: newer))
        let late = replica.handle(.store(id, slot: Slot(register: 0), entry: older))
        let again = replica.handle(.store(id, slot: Slot(register: 0), entry: newer))
        #expect(late == ReplicaStep(save: nil, reply: .stored(id)))
        #expect(again == ReplicaStep(save: nil, reply: .stored(id)))
        #expect(replica.entry(at: Slot(register: 0)) == newer)
    }

    @Test func aRecoveredReplicaHoldsWhatItPersisted() throws {
        let store = InMemoryReplicaStore()
        var replica = ReplicaState(initial: [.null, .null], semantics: .atomic)
        let entry = TaggedValue(tag: Tag(counter: 1, writer: 1), value: .string("kept"))
        if let save = replica.handle(.store(id, slot: Slot(register: 1), entry: entry)).save {
            store.save(save.entry, for: save.slot)
        }
        let recovered = ReplicaState(initial: [.null, .null], semantics: .atomic, persisted: store.load())
        #expect(recovered.entry(at: Slot(register: 1)) == entry)
        #expect(recovered.entry(at: Slot(register: 0)) == TaggedValue(tag: .initial, value: .null))
    }
}
