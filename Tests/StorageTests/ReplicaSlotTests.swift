import Foundation
import Histories
@testable import Storage
import Testing

@Suite struct ReplicaSlotTests {
    @Test func slotsKeepTheirLatestTagAndValueAndGoWithTheirArray() throws {
        let directory = try TemporaryDirectory()
        do {
            let storage = try openStorage(directory)
            try storage.createArray(ArrayRecord(name: "r", size: 2, semantics: "safe", replicas: 3, createdAt: 0))
            let writer = UInt64.max - 1
            let first = ReplicaSlot(replica: 2, register: 1, part: 1, counter: 1, writer: writer, value: .string("ab"))
            var second = first
            second.counter = 2
            second.value = number("12345678901234567890")
            let other = ReplicaSlot(replica: 0, register: 0, part: 0, counter: 7, writer: 3, value: .null)
            #expect(throws: Never.self) { try submitAndWait(storage, [.replicaSlot(array: "r", slot: first)]).get() }
            #expect(throws: Never.self) {
                try submitAndWait(storage, [.replicaSlot(array: "r", slot: second), .replicaSlot(array: "r", slot: other)]).get()
            }
            // A register outside the array is refused.
            var outside = first
            outside.register = 2
            #expect(throws: StorageError.self) { try submitAndWait(storage, [.replicaSlot(array: "r", slot: outside)]).get() }
            storage.close()
        }
        let storage = try openStorage(directory)
        let slots = try storage.replicaSlots(array: "r").sorted { ($0.replica, $0.register) < ($1.replica, $1.register) }
        #expect(slots.count == 2)
        #expect(slots.first?.counter == 7)
        #expect(slots.last?.counter == 2)
        #expect(slots.last?.writer == UInt64.max - 1)
        #expect(slots.last?.value == number("12345678901234567890"))
        // A new array of the same name starts with empty replicas.
        _ = try storage.deleteArray(named: "r")
        try storage.createArray(ArrayRecord(name: "r", size: 2, semantics: "safe", replicas: 3, createdAt: 0))
        #expect(try storage.replicaSlots(array: "r").isEmpty)
    }
}
