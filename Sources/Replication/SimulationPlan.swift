import Histories

/// What a simulated run needs: the array, the network, the protocol's timers, and the seed.
///
/// Times are virtual nanoseconds. The run is a function of this value and the plan alone.
public struct SimulationConfiguration: Sendable {
    public var semantics: RegisterSemantics
    public var replicas: Int
    /// One value per register: the array's size and what its registers hold before any write.
    public var initial: [Value]
    public var network: SimulatedNetwork
    /// An operation that has not finished this long after its invocation fails (`quorumUnavailable`).
    public var deadline: Int64
    /// How often an unfinished round is sent again to the replicas that have not answered; 0 for never.
    public var retransmitInterval: Int64
    public var seed: UInt64

    public init(
        semantics: RegisterSemantics, replicas: Int, initial: [Value], network: SimulatedNetwork = .reliable,
        deadline: Int64 = 2_000_000_000, retransmitInterval: Int64 = 100_000_000, seed: UInt64
    ) {
        self.semantics = semantics
        self.replicas = max(replicas, 1)
        self.initial = initial
        self.network = network
        self.deadline = deadline
        self.retransmitInterval = retransmitInterval
        self.seed = seed
    }
}

/// One operation a simulated client performs, after pausing `pause` once its previous one finished.
public struct PlannedOperation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case read
        case write(Value)
    }

    public var kind: Kind
    public var register: Int
    public var pause: Int64

    public init(_ kind: Kind, register: Int, pause: Int64 = 0) {
        self.kind = kind
        self.register = register
        self.pause = pause
    }
}

/// A fault injected at a virtual time.
public struct ScheduledFault: Sendable {
    public enum Fault: Sendable {
        /// The replica stops answering and loses what it held in memory.
        case crash(replica: Int)
        /// The replica answers again, with what it had persisted.
        case recover(replica: Int)
        /// The links change from now on (messages in flight keep their delays).
        case network(SimulatedNetwork)
    }

    public var time: Int64
    public var fault: Fault

    public init(at time: Int64, _ fault: Fault) {
        self.time = time
        self.fault = fault
    }
}

/// How one simulated operation ended.
public struct OperationOutcome: Sendable, Equatable {
    public var client: Int
    public var register: Int
    public var kind: PlannedOperation.Kind
    public var invoke: Int64
    public var complete: Int64
    /// The value read or written, or why no quorum answered in time.
    public var result: Result<Value, ReplicationError>
}

/// What a simulated run produced.
public struct SimulationOutcome: Sendable {
    /// Every operation, in invocation order.
    public var operations: [OperationOutcome]
    /// Messages sent, both directions, lost ones included.
    public var messages: Int
    /// The virtual time of the last event.
    public var endTime: Int64

    /// The run as a history (SPEC §3), as the app records it: completed operations `ok`, a write that
    /// timed out `info` (it may have taken effect), a read that timed out dropped. Processes are the
    /// client numbers and registers the indices; operation ids are positions in `operations`.
    public func history(initial: Value = .null) -> History {
        var recorded: [Operation] = []
        for (id, outcome) in operations.enumerated() {
            var operation = Operation(
                id: id, process: .int(outcome.client), register: .int(outcome.register), kind: .read, value: .null,
                invoke: outcome.invoke, complete: outcome.complete, status: .ok)
            switch (outcome.kind, outcome.result) {
            case let (.read, .success(value)):
                operation.value = value
            case (.read, .failure):
                continue
            case let (.write(value), .success):
                operation.kind = .write
                operation.value = value
            case let (.write(value), .failure):
                operation.kind = .write
                operation.value = value
                operation.complete = nil
                operation.status = .info
            }
            recorded.append(operation)
        }
        return History(initial: initial, operations: recorded)
    }
}
