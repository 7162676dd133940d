/// One round of a quorum operation: the same request to every replica, until a quorum has answered.
struct QuorumRound: Sendable, Hashable {
    let request: ReplicaRequest
    private(set) var answered: Set<Int> = []

    init(request: ReplicaRequest) {
        self.request = request
    }

    var id: RequestID { request.id }

    /// The request to every replica that has not answered yet (all of them at the start).
    func sends(replicas: Int) -> [OperationAction] {
        (0..<replicas).filter { !answered.contains($0) }.map { .send(to: $0, request) }
    }

    /// Counts an answer from `replica` to this round; false (ignore it) when it is for another round,
    /// from an unknown replica, or a duplicate.
    mutating func accept(_ reply: ReplicaReply, from replica: Int, replicas: Int) -> Bool {
        guard reply.id == id, (0..<replicas).contains(replica), !answered.contains(replica) else { return false }
        answered.insert(replica)
        return true
    }
}
