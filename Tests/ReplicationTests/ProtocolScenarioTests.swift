import Histories
import Testing
@testable import Replication

/// Hand-scheduled message deliveries between the client state machines and three replicas: the
/// textbook schedule where a read without write-back sees new then old, and ABD's write-back prevents it.
@Suite struct ProtocolScenarioTests {
    /// Three replicas and a hand-driven network: requests are delivered only when a test says so.
    struct Cluster {
        var replicas: [ReplicaState]

        init(_ semantics: RegisterSemantics) {
            replicas = Array(repeating: ReplicaState(initial: [.int(0)], semantics: semantics), count: 3)
        }

        /// Delivers each `send` of `actions` addressed to one of `to`, feeding the replies to `operation`.
        mutating func deliver(_ actions: [OperationAction], to: Set<Int>, into operation: inout some QuorumOperation) -> [OperationAction] {
            var produced: [OperationAction] = []
            for case let .send(replica, request) in actions where to.contains(replica) {
                let reply = replicas[replica].handle(request).reply
                produced += operation.handle(.reply(from: replica, reply))
            }
            return produced
        }
    }

    /// A write of 1 whose store reached replica 0 only; then read A asks replicas 0 and 1, and read B
    /// (after A) asks replicas 1 and 2. Returns the values of A and B.
    static func newThenOldSchedule(_ semantics: RegisterSemantics) -> (Value?, Value?) {
        var cluster = Cluster(semantics)
        let configuration = QuorumConfiguration(replicas: 3, semantics: semantics)
        var write = QuorumWrite(id: 1, register: 0, value: .int(1), writer: 1, configuration: configuration)
        let store = cluster.deliver(write.handle(.start), to: [0, 1, 2], into: &write)
        _ = cluster.deliver(store, to: [0], into: &write)

        func value(_ actions: [OperationAction]) -> Value? {
            for case let .complete(value) in actions { return value }
            return nil
        }
        /// Runs `read` to the end with only the replicas in `reachable` answering (write-back included).
        func run(_ read: inout QuorumRead, reachable: Set<Int>) -> Value? {
            var actions = read.handle(.start)
            while !read.isFinished, !actions.isEmpty {
                actions = cluster.deliver(actions, to: reachable, into: &read)
            }
            return value(actions)
        }
        var readA = QuorumRead(id: 2, register: 0, configuration: configuration)
        var readB = QuorumRead(id: 3, register: 0, configuration: configuration)
        let a = run(&readA, reachable: [0, 1])
        return (a, run(&readB, reachable: [1, 2]))
    }

    @Test func withoutWriteBackAReadAfterANewReadCanReturnTheOldValue() {
        let (a, b) = Self.newThenOldSchedule(.regular)
        #expect(a == .int(1))
        #expect(b == .int(0))
    }

    @Test func theWriteBackMakesTheNextReadSeeTheNewValue() {
        let (a, b) = Self.newThenOldSchedule(.atomic)
        #expect(a == .int(1))
        #expect(b == .int(1))
    }
}
