import Foundation
import Histories
import Testing
@testable import Storage

@Suite struct RecoveryTests {
    /// Operations left pending (as a crash leaves them: the process never completed them) are
    /// settled at the next open: writes and cas become info, reads disappear.
    @Test func pendingWritesBecomeInfoAndPendingReadsAreDropped() throws {
        let directory = try TemporaryDirectory()
        do {
            let storage = try openStorage(directory)
            try storage.createArray(array("crash"))
            let cas = Histories.Operation(
                id: 3, process: .int(4), register: .int(2), kind: .cas, value: .int(5), expected: .int(4),
                invoke: 40, complete: nil, status: .ok)
            try submitAndWait(storage, [
                .record(array: "crash", operation: write(0, value: .int(1), invoke: 10, complete: 11)),
                .invoked(array: "crash", operation: write(1, register: 1, value: .int(2), process: .int(2), invoke: 20, complete: nil)),
                .invoked(array: "crash", operation: read(2, process: .int(3), invoke: 30, complete: nil)),
                .invoked(array: "crash", operation: cas),
                .record(array: "crash", operation: read(4, value: .int(1), invoke: 50, complete: 51)),
            ]).get()
            storage.close()
        }
        let storage = try openStorage(directory)
        defer { storage.close() }
        #expect(storage.recovery == RecoveryReport(writesMadeInfo: 2, readsDropped: 1))
        let operations = try storage.operations(array: "crash", after: nil, limit: 10)
        #expect(operations.map(\.id) == [0, 1, 3, 4])
        #expect(operations.map(\.status) == [.ok, .info, .info, .ok])
        #expect(operations.map(\.complete) == [11, nil, nil, 51])
        #expect(operations[2].expected == .int(4))

        // Settled for good: a completion arriving now finds nothing pending.
        let late = submitAndWait(storage, [.completed(array: "crash", id: 1, status: .ok, value: nil, complete: 99)])
        #expect(late.failure?.kind == .notFound)
        storage.close()
        let again = try openStorage(directory)
        defer { again.close() }
        #expect(again.recovery == RecoveryReport(writesMadeInfo: 0, readsDropped: 0))
    }
}
