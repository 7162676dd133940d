import Histories

/// A write of the quorum protocols (multi-writer ABD; Attiya, Bar-Noy and Dolev 1995).
///
/// Round 0 asks every replica for its tags and waits for a majority; the write takes the highest tag
/// seen plus one, with its own writer id. Then each part of the value (one part, or two for `safe`)
/// is stored at a majority, one round per part: a reader concurrent with a `safe` write can see the
/// new first part with the old second part. The write completes when the last part is stored.
public struct QuorumWrite: QuorumOperation {
    public let id: UInt64
    public let register: Int
    public let value: Value
    /// Unique per write (two writes with equal counters are ordered by it, so it must never repeat).
    public let writer: UInt64
    public let configuration: QuorumConfiguration

    private enum Stage: Sendable, Hashable {
        case idle
        case querying(QuorumRound, highest: Tag)
        case storing(QuorumRound, tag: Tag, part: Int)
        case finished
    }

    private var stage = Stage.idle
    private let parts: [Value]

    public init(id: UInt64, register: Int, value: Value, writer: UInt64, configuration: QuorumConfiguration) {
        self.id = id
        self.register = register
        self.value = value
        self.writer = writer
        self.configuration = configuration
        parts = configuration.semantics.split(value)
    }

    public var isFinished: Bool { stage == .finished }

    /// The tag this write stores, once its query round has finished.
    public var tag: Tag? {
        if case let .storing(_, tag, _) = stage { return tag }
        return nil
    }

    public mutating func handle(_ event: OperationEvent) -> [OperationAction] {
        let replicas = configuration.replicas
        switch (stage, event) {
        case (.idle, .start):
            let round = QuorumRound(request: .query(RequestID(operation: id, round: 0), register: register, parts: parts.count))
            stage = .querying(round, highest: .initial)
            return round.sends(replicas: replicas)

        case (.querying(var round, var highest), .reply(let replica, let reply)):
            guard round.accept(reply, from: replica, replicas: replicas), case let .queried(_, entries) = reply else { return [] }
            // The highest tag over all parts: a torn earlier write still raises the counter.
            highest = entries.reduce(highest) { max($0, $1.tag) }
            guard round.answered.count >= configuration.quorum else {
                stage = .querying(round, highest: highest)
                return []
            }
            return startStoring(part: 0, tag: highest.successor(writer: writer))

        case (.storing(var round, let tag, let part), .reply(let replica, let reply)):
            guard round.accept(reply, from: replica, replicas: replicas), case .stored = reply else { return [] }
            guard round.answered.count >= configuration.quorum else {
                stage = .storing(round, tag: tag, part: part)
                return []
            }
            if part + 1 < parts.count { return startStoring(part: part + 1, tag: tag) }
            stage = .finished
            return [.complete(value)]

        case (.querying(let round, _), .retransmit), (.storing(let round, _, _), .retransmit):
            return round.sends(replicas: replicas)

        case (.querying(let round, _), .timeout), (.storing(let round, _, _), .timeout):
            stage = .finished
            return [.fail(.quorumUnavailable(answered: round.answered.count, needed: configuration.quorum))]

        case (.idle, .timeout):
            stage = .finished
            return [.fail(.quorumUnavailable(answered: 0, needed: configuration.quorum))]

        default:
            // Replies before the start or after the end, a second start, retransmits when idle.
            return []
        }
    }

    private mutating func startStoring(part: Int, tag: Tag) -> [OperationAction] {
        let request = ReplicaRequest.store(
            RequestID(operation: id, round: part + 1), slot: Slot(register: register, part: part),
            entry: TaggedValue(tag: tag, value: parts[part]))
        let round = QuorumRound(request: request)
        stage = .storing(round, tag: tag, part: part)
        return round.sends(replicas: configuration.replicas)
    }
}
