import Histories
import Pages

/// Small histories and verdicts shared by the tests.
enum Fixtures {
    static func op(
        _ id: Int, _ process: String, _ kind: Operation.Kind, _ value: Int64, _ invoke: Int64, _ complete: Int64?,
        register: String = "x", status: Operation.Status? = nil, expected: Int64? = nil
    ) -> Operation {
        Operation(
            id: id, process: .string(process), register: .string(register), kind: kind, value: .int(value),
            expected: expected.map { .int($0) }, invoke: invoke, complete: complete,
            status: status ?? (complete == nil ? .info : .ok))
    }

    /// Two overlapping writes and a read that sees the second: atomic.
    static let overlapping = History(name: "overlapping", operations: [
        op(0, "p1", .write, 1, 10, 40),
        op(1, "p2", .write, 2, 20, 30),
        op(2, "p3", .read, 1, 50, 60),
    ])

    static let overlappingVerdict = TimelineVerdict(registers: [
        .init(register: .string("x"), consistency: .atomic, linearization: [1, 0, 2]),
    ])

    /// A new-old inversion on x and an atomic y, with an info write and a failed write.
    static let inversion = History(name: "inversion", operations: [
        op(0, "p1", .write, 1, 0, 10),
        op(1, "p1", .write, 2, 20, 100),
        op(2, "p2", .read, 2, 30, 40),
        op(3, "p3", .read, 1, 50, 60),
        op(4, "p2", .write, 7, 5, nil, register: "y"),
        op(5, "p3", .write, 8, 5, 15, register: "y", status: .fail),
        op(6, "p1", .read, 7, 110, 120, register: "y"),
    ])

    static let inversionVerdict = TimelineVerdict(registers: [
        .init(register: .string("x"), consistency: .regular, violations: [
            .init(level: "atomic", rule: "new-old-inversion", message: "read 3 (p3) returned 1 after read 2 (p2) had returned 2; read 2 completed before read 3 began", operations: [2, 3]),
        ]),
        .init(register: .string("y"), consistency: .atomic, linearization: [4, 6]),
    ])
}
