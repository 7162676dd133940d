import Histories

/// A read of the quorum protocols.
///
/// Round 0 asks every replica for the register's parts and waits for a majority, keeping the
/// highest-tagged entry of each part. `atomic` then writes that entry back to a majority before
/// returning (ABD's second phase: once the read returns, a majority holds its value, so no later read
/// can return an older one), unless every answer already carried that tag. `regular` and `safe`
/// return at once. For `safe` the parts are joined even when their tags differ: a torn value.
public struct QuorumRead: QuorumOperation {
    public let id: UInt64
    public let register: Int
    public let configuration: QuorumConfiguration

    private enum Stage: Sendable, Hashable {
        case idle
        case querying(QuorumRound, newest: [TaggedValue], agreed: Bool)
        case writingBack(QuorumRound, result: Value)
        case finished
    }

    private var stage = Stage.idle

    public init(id: UInt64, register: Int, configuration: QuorumConfiguration) {
        self.id = id
        self.register = register
        self.configuration = configuration
    }

    public var isFinished: Bool { stage == .finished }

    public mutating func handle(_ event: OperationEvent) -> [OperationAction] {
        let replicas = configuration.replicas
        let parts = configuration.semantics.parts
        switch (stage, event) {
        case (.idle, .start):
            let round = QuorumRound(request: .query(RequestID(operation: id, round: 0), register: register, parts: parts))
            stage = .querying(round, newest: [], agreed: true)
            return round.sends(replicas: replicas)

        case (.querying(var round, var newest, var agreed), .reply(let replica, let reply)):
            guard round.accept(reply, from: replica, replicas: replicas), case let .queried(_, entries) = reply,
                  entries.count == parts
            else { return [] }
            if newest.isEmpty {
                newest = entries
            } else {
                for part in 0..<parts where entries[part].tag != newest[part].tag {
                    agreed = false
                    if entries[part].tag > newest[part].tag { newest[part] = entries[part] }
                }
            }
            guard round.answered.count >= configuration.quorum else {
                stage = .querying(round, newest: newest, agreed: agreed)
                return []
            }
            let result = configuration.semantics.join(newest.map(\.value))
            guard configuration.semantics.readsWriteBack, !agreed else {
                stage = .finished
                return [.complete(result)]
            }
            let request = ReplicaRequest.store(
                RequestID(operation: id, round: 1), slot: Slot(register: register, part: 0), entry: newest[0])
            let writeBack = QuorumRound(request: request)
            stage = .writingBack(writeBack, result: result)
            return writeBack.sends(replicas: replicas)

        case (.writingBack(var round, let result), .reply(let replica, let reply)):
            guard round.accept(reply, from: replica, replicas: replicas), case .stored = reply else { return [] }
            guard round.answered.count >= configuration.quorum else {
                stage = .writingBack(round, result: result)
                return []
            }
            stage = .finished
            return [.complete(result)]

        case (.querying(let round, _, _), .retransmit), (.writingBack(let round, _), .retransmit):
            return round.sends(replicas: replicas)

        case (.querying(let round, _, _), .timeout), (.writingBack(let round, _), .timeout):
            stage = .finished
            return [.fail(.quorumUnavailable(answered: round.answered.count, needed: configuration.quorum))]

        case (.idle, .timeout):
            stage = .finished
            return [.fail(.quorumUnavailable(answered: 0, needed: configuration.quorum))]

        default:
            return []
        }
    }
}
