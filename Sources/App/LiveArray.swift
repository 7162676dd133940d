import Histories
import Replication
import Storage
import Synchronization

/// An array being served: its description, its replication, and the bookkeeping of operations in flight.
final class LiveArray: Sendable {
    let record: ArrayRecord
    let replication: any RegisterArrayReplication

    /// Processes with an operation in flight (SPEC §1: at most one each).
    private let busyProcesses = Mutex<Set<String>>([])
    /// The id the next operation gets (ids are the array's operation sequence numbers). Held while
    /// an operation takes effect and is journaled, which orders them all.
    private let nextOperationID: Mutex<Int>

    init(record: ArrayRecord, replication: any RegisterArrayReplication, nextOperationID: Int) {
        self.record = record
        self.replication = replication
        self.nextOperationID = Mutex(nextOperationID)
    }

    /// Starts an operation for `process`: takes its next id, then runs `body` while no other
    /// operation of this array can start, so that ids, effects and journal entries all come in one
    /// order (the journal must never hold a read of a write it does not hold). `body` may call
    /// `end(process:)`.
    ///
    /// Throws `.conflict` when the process already has an operation in flight.
    func begin(process: String, _ body: (_ id: Int) -> Void) throws(AppError) {
        let inserted = busyProcesses.withLock { $0.insert(process).inserted }
        guard inserted else {
            throw AppError.conflict(
                "process '\(process)' already has an operation in flight on array '\(record.name)'; a process is sequential, so wait for it to complete")
        }
        nextOperationID.withLock { next in
            let id = next
            next += 1
            body(id)
        }
    }

    /// Ends the operation in flight of `process`.
    func end(process: String) {
        _ = busyProcesses.withLock { $0.remove(process) }
    }

    var operationsStarted: Int { nextOperationID.withLock { $0 } }
}
