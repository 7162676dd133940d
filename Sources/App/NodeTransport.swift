import Dispatch
import Replication
import Storage
import Synchronization

/// One array's replicas on replica nodes: replica `r` on node `r` of `ReplicaNodes`, its messages
/// sent as `ReplicaWire` JSON over the nodes' connections.
///
/// A reply counts only when it is a 200 whose body decodes to an answer to the very request sent
/// (same `RequestID`); anything else (an error status, a stale incarnation, a body that does not
/// parse) is treated as no answer, which the quorum driver survives by retransmitting and by its
/// deadline.
struct NodeTransport: ReplicaTransport {
    let nodes: ReplicaNodes
    let name: String
    let spec: ReplicaWire.ArraySpec
    /// How long a request may wait for a worker and an answer, in nanoseconds: the operation deadline.
    let expiry: UInt64
    /// The replicas whose node refused to serve them (409): logged once each, since a refusal
    /// says the nodes were given in another order or hold another incarnation, and retries won't help.
    private let refused = RefusalLog()

    init(nodes: ReplicaNodes, record: ArrayRecord, semantics: RegisterSemantics, deadline: Duration) {
        self.nodes = nodes
        name = record.name
        spec = ReplicaWire.ArraySpec(
            size: record.size, semantics: semantics, replicas: record.replicas, incarnation: record.createdAt)
        let (seconds, attoseconds) = deadline.components
        expiry = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000))
    }

    /// The node of each replica, replica 0 first.
    var addresses: [ReplicaNodes.Address] { Array(nodes.addresses.prefix(spec.replicas)) }

    func send(_ request: ReplicaRequest, to replica: Int, reply: @escaping @Sendable (ReplicaReply) -> Void) {
        let envelope = ReplicaWire.Envelope(array: spec, replica: replica, request: request)
        let id = request.id
        let job = ReplicaNodes.Job(
            key: "\(name)/\(spec.incarnation)/\(replica)/\(id.operation)/\(id.round)",
            path: "/replica/arrays/\(name)/\(envelope.kind)", body: ReplicaWire.encode(envelope),
            expires: DispatchTime.now().uptimeNanoseconds + expiry
        ) { [name, refused] response in
            if response.status == .conflict, refused.first(replica) {
                Log.error("node of replica \(replica) of array '\(name)' refused: \(String(decoding: response.body, as: UTF8.self))")
            }
            guard response.status == .ok, let answer = try? ReplicaWire.decodeReply(response.body), answer.id == id else {
                return
            }
            reply(answer)
        }
        nodes.send(job, to: replica)
    }

    func status(of replica: Int) -> ReplicaStatus {
        nodes.status(of: replica)
    }
}

private final class RefusalLog: Sendable {
    private let replicas = Mutex<Set<Int>>([])
    /// True the first time `replica` is given.
    func first(_ replica: Int) -> Bool { replicas.withLock { $0.insert(replica).inserted } }
}
