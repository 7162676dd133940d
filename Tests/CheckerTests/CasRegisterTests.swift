import Histories
import Testing
@testable import Checker

/// Jepsen's cas-register: a cas succeeds iff the register holds `expected`; an ok cas changed it, a
/// failed cas is removed, an info cas may or may not have happened. Atomic only.
@Suite struct CasRegisterTests {
    typealias T = TextbookTests

    @Test func successfulCasChangesTheValue() throws {
        let v = try #require(T.check([
            T.op(0, "p1", .cas, 1, 0, 1, expected: 0),
            T.op(1, "p2", .read, 1, 2, 3),
        ], model: .casRegister))
        #expect(v.consistency == .atomic && v.regular == nil && v.safe == nil)
        #expect(v.linearization == [0, 1])
    }

    @Test func okCasFromTheWrongValueIsNotLinearizable() throws {
        let v = try #require(T.check([
            T.op(0, "p1", .write, 2, 0, 1),
            T.op(1, "p1", .cas, 3, 2, 3, expected: 0),
        ], model: .casRegister))
        #expect(v.consistency == Consistency.none && v.atomic == false)
        let violation = try #require(v.violations.first)
        #expect(violation.rule == .noLinearization && violation.operations == [0, 1])
        #expect(violation.partialLinearization == [0] && violation.blocked == [1])
        #expect(v.violations.count == 1) // no regular or safe for cas
    }

    @Test func failedCasIsRemoved() throws {
        let v = try #require(T.check([
            T.op(0, "p1", .cas, 5, 0, 1, .fail, expected: 0),
            T.op(1, "p2", .read, 0, 2, 3),
        ], model: .casRegister))
        #expect(v.consistency == .atomic && v.linearization == [1])
    }

    @Test func infoCasMayHaveHappened() throws {
        let took = try #require(T.check([
            T.op(0, "p1", .cas, 4, 0, nil, .info, expected: 0),
            T.op(1, "p2", .read, 4, 10, 11),
        ], model: .casRegister))
        #expect(took.consistency == .atomic && took.linearization == [0, 1])
        let didNot = try #require(T.check([
            T.op(0, "p1", .cas, 4, 0, nil, .info, expected: 0),
            T.op(1, "p2", .read, 0, 10, 11),
        ], model: .casRegister))
        #expect(didNot.consistency == .atomic && didNot.linearization == [1])
        // It cannot have happened from a value the register never held.
        let impossible = try #require(T.check([
            T.op(0, "p1", .cas, 4, 0, nil, .info, expected: 9),
            T.op(1, "p2", .read, 4, 10, 11),
        ], model: .casRegister))
        #expect(impossible.consistency == Consistency.none)
    }

    @Test func concurrentCasesOrderThemselves() throws {
        // Two concurrent cas: 0->1 and 1->2; a later read of 2 needs both, in that order.
        let v = try #require(T.check([
            T.op(0, "p1", .cas, 2, 0, 10, expected: 1),
            T.op(1, "p2", .cas, 1, 0, 10, expected: 0),
            T.op(2, "p3", .read, 2, 11, 12),
        ], model: .casRegister))
        #expect(v.consistency == .atomic && v.linearization == [1, 0, 2])
    }
}
