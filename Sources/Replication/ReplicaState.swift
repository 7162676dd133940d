import Histories

/// One replica of an array, as a state machine: it answers `query` and `store` requests.
///
/// The replica keeps one `TaggedValue` per slot and only ever raises a slot's tag, which makes
/// stores idempotent and lets them arrive in any order, late or twice. Before it acknowledges a store
/// the driver must persist `ReplicaStep.save` (ABD's majority argument counts acknowledged stores, so
/// an acknowledgement must survive a crash). A crashed replica is simply not driven; it recovers
/// by being rebuilt from what was persisted (`init(initial:semantics:persisted:)`).
public struct ReplicaState: Sendable, Hashable {
    /// Slots never written hold these parts with `Tag.initial`, register by register.
    private let initialParts: [[Value]]
    private var slots: [Slot: TaggedValue]

    /// A replica for registers holding `initial` (one value per register), or what a previous
    /// incarnation persisted.
    public init(initial: [Value], semantics: RegisterSemantics, persisted: [Slot: TaggedValue] = [:]) {
        initialParts = initial.map { semantics.split($0) }
        slots = persisted
    }

    /// The tagged value held in `slot`.
    public func entry(at slot: Slot) -> TaggedValue {
        if let held = slots[slot] { return held }
        let parts = slot.register < initialParts.count ? initialParts[slot.register] : []
        return TaggedValue(tag: .initial, value: slot.part < parts.count ? parts[slot.part] : .null)
    }

    /// Applies `request` and says what to persist and how to answer.
    public mutating func handle(_ request: ReplicaRequest) -> ReplicaStep {
        switch request {
        case let .query(id, register, parts):
            let entries = (0..<max(parts, 0)).map { entry(at: Slot(register: register, part: $0)) }
            return ReplicaStep(save: nil, reply: .queried(id, parts: entries))
        case let .store(id, slot, incoming):
            // Keep the higher tag: an older or repeated store is acknowledged without effect, since
            // the slot already holds something at least as new.
            guard incoming.tag > entry(at: slot).tag else {
                return ReplicaStep(save: nil, reply: .stored(id))
            }
            slots[slot] = incoming
            return ReplicaStep(save: SlotWrite(slot: slot, entry: incoming), reply: .stored(id))
        }
    }
}

/// What a replica does for one request: persist `save` (if any), then send `reply`.
public struct ReplicaStep: Sendable, Hashable {
    public var save: SlotWrite?
    public var reply: ReplicaReply

    public init(save: SlotWrite?, reply: ReplicaReply) {
        self.save = save
        self.reply = reply
    }
}

/// A slot's new tagged value, to be persisted.
public struct SlotWrite: Sendable, Hashable {
    public var slot: Slot
    public var entry: TaggedValue

    public init(slot: Slot, entry: TaggedValue) {
        self.slot = slot
        self.entry = entry
    }
}
