import Checker
import Dispatch
import Histories
import Synchronization
import Testing
@testable import Replication

/// Replicas behind a transport, as replica nodes are: each runs `ReplicaState`, answers on a queue
/// after a small delay, and can be taken down (it answers nothing) or made to drop requests.
final class LoopbackTransport: ReplicaTransport {
    private struct State: Sendable {
        var replicas: [ReplicaState]
        var down: Set<Int> = []
        var dropsLeft = 0
        var sent = 0
        var generator = SplitMix64(seed: 5)
    }

    private let state: Mutex<State>
    /// Serial and labeled: it gets a thread of its own even when tests in parallel hold Dispatch's pool.
    private let queue = DispatchQueue(label: "loopback-transport")

    init(replicas: Int, semantics: RegisterSemantics, size: Int = 2) {
        let initial = [Value](repeating: .null, count: size)
        state = Mutex(State(replicas: (0..<replicas).map { _ in ReplicaState(initial: initial, semantics: semantics) }))
    }

    func setDown(_ replicas: Set<Int>) { state.withLock { $0.down = replicas } }
    /// The next `count` requests are lost.
    func drop(next count: Int) { state.withLock { $0.dropsLeft = count } }
    var sent: Int { state.withLock { $0.sent } }

    func send(_ request: ReplicaRequest, to replica: Int, reply: @escaping @Sendable (ReplicaReply) -> Void) {
        let delay = state.withLock { state -> Int? in
            state.sent += 1
            if state.dropsLeft > 0 {
                state.dropsLeft -= 1
                return nil
            }
            return Int.random(in: 0...2_000_000, using: &state.generator)
        }
        guard let delay else { return }
        queue.asyncAfter(deadline: .now() + .nanoseconds(delay)) { [self] in
            let answer = state.withLock { state -> ReplicaReply? in
                guard !state.down.contains(replica) else { return nil }
                return state.replicas[replica].handle(request).reply
            }
            if let answer { reply(answer) }
        }
    }

    func status(of replica: Int) -> ReplicaStatus {
        state.withLock { $0.down.contains(replica) ? .unreachable : .up }
    }
}

/// The quorum protocols over a transport: what runs arrays placed on replica nodes.
@Suite struct TransportQuorumArrayTests {
    static func array(
        _ transport: LoopbackTransport, _ semantics: RegisterSemantics = .atomic, replicas: Int = 3,
        deadline: Duration = .seconds(2)
    ) -> TransportQuorumArray {
        TransportQuorumArray(
            semantics: semantics, replicas: replicas, transport: transport, deadline: deadline,
            retransmitInterval: .milliseconds(20), seed: 3)
    }

    static func read(_ array: TransportQuorumArray, _ index: Int = 0) async -> Result<Value, ReplicationError> {
        await withCheckedContinuation { continuation in array.read(index: index) { continuation.resume(returning: $0) } }
    }

    static func write(_ array: TransportQuorumArray, _ value: Value, _ index: Int = 0) async -> Result<Void, ReplicationError> {
        await withCheckedContinuation { continuation in
            array.write(index: index, value: value) { continuation.resume(returning: $0) }
        }
    }

    @Test(arguments: RegisterSemantics.allCases)
    func aReadReturnsTheLastWrite(semantics: RegisterSemantics) async throws {
        let array = Self.array(LoopbackTransport(replicas: 3, semantics: semantics), semantics)
        #expect(try await Self.read(array).get() == .null)
        try await Self.write(array, .string("hello")).get()
        try await Self.write(array, .int(-12), 1).get()
        #expect(try await Self.read(array).get() == .string("hello"))
        #expect(try await Self.read(array, 1).get() == .int(-12))
        #expect(array.operationsInFlight == 0)
    }

    @Test func aMinorityDownStopsNothingAndAMajorityDownFailsAtTheDeadline() async throws {
        let transport = LoopbackTransport(replicas: 3, semantics: .atomic)
        let array = Self.array(transport, deadline: .seconds(1))
        transport.setDown([1])
        #expect(array.replicaStates == [.up, .unreachable, .up])
        #expect(array.hasLiveQuorum)
        try await Self.write(array, .int(1)).get()

        transport.setDown([0, 1])
        #expect(!array.hasLiveQuorum)
        let started = DispatchTime.now().uptimeNanoseconds
        let write = await Self.write(array, .int(2))
        #expect(DispatchTime.now().uptimeNanoseconds - started >= 1_000_000_000)
        #expect(throws: ReplicationError.quorumUnavailable(answered: 1, needed: 2)) { try write.get() }
        #expect(await Self.read(array) == .failure(.quorumUnavailable(answered: 1, needed: 2)))

        // Replica 1 comes back without write 1 (it was down), which replica 2 carries to the read;
        // the failed write never got past its query round.
        transport.setDown([0])
        #expect(try await Self.read(array).get() == .int(1))
    }

    @Test func lostRequestsAreSentAgain() async throws {
        let transport = LoopbackTransport(replicas: 3, semantics: .atomic)
        let array = Self.array(transport)
        transport.drop(next: 3)  // the whole query round of the write
        try await Self.write(array, .string("again")).get()
        #expect(transport.sent >= 3 + 3 + 3)  // dropped, sent again, stored
        #expect(try await Self.read(array).get() == .string("again"))
    }

    /// Concurrent clients with one replica down, judged by the checker.
    @Test(arguments: [RegisterSemantics.atomic, .regular])
    func concurrentClientsKeepTheArraysPromise(semantics: RegisterSemantics) async throws {
        let transport = LoopbackTransport(replicas: 5, semantics: semantics)
        transport.setDown([4])
        let array = Self.array(transport, semantics, replicas: 5)
        let recorded = await runConcurrentClients(on: array) { client, step in .string("c\(client)-\(step)") }
        #expect(recorded.count == 60)
        let verdict = Checker.check(History(operations: recorded))
        for register in verdict.registers {
            let holds = semantics == .atomic ? register.atomic : register.regular
            #expect(holds == true, "\(semantics) register \(register.register): \(register.violations.map(\.message))")
        }
    }
}
