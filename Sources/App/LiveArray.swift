import Histories
import Replication
import Storage
import Synchronization

/// An array being served: its description, its replication, and the bookkeeping of operations in flight.
final class LiveArray: Sendable {
    let record: ArrayRecord
    let replication: any RegisterArrayReplication

    private struct State {
        /// The id the next operation gets (ids are the array's operation sequence numbers).
        var nextOperationID: Int
        /// Processes with an operation in flight (SPEC §1: at most one each).
        var busyProcesses: Set<String> = []
    }

    private let state: Mutex<State>

    init(record: ArrayRecord, replication: any RegisterArrayReplication, nextOperationID: Int) {
        self.record = record
        self.replication = replication
        state = Mutex(State(nextOperationID: nextOperationID))
    }

    /// Starts an operation for `process`: takes its next id, then runs `body` while no other
    /// operation of this array can start, so that ids, effects and journal entries all come in one
    /// order (the journal must never hold a read of a write it does not hold).
    ///
    /// Throws `.conflict` when the process already has an operation in flight.
    func begin(process: String, _ body: (_ id: Int) -> Void) throws(AppError) {
        try state.withLock { (state) throws(AppError) -> Void in
            guard !state.busyProcesses.contains(process) else {
                throw AppError.conflict(
                    "process '\(process)' already has an operation in flight on array '\(record.name)'; a process is sequential, so wait for it to complete")
            }
            state.busyProcesses.insert(process)
            let id = state.nextOperationID
            state.nextOperationID += 1
            body(id)
        }
    }

    /// Ends the operation in flight of `process`.
    func end(process: String) {
        _ = state.withLock { $0.busyProcesses.remove(process) }
    }

    var operationsStarted: Int { state.withLock { $0.nextOperationID } }
}
