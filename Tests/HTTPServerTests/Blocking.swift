import Foundation
// A copy of TestSupport's helper: this target does not depend on TestSupport.

/// Runs blocking `work` on a thread of its own and waits for it without blocking.
///
/// On Linux, Swift concurrency's threads and Dispatch's global queues share a pool about as wide
/// as the machine has cores; a test that blocks in a socket call or a process wait holds one, and
/// starves the tests that run on timers meanwhile. `subject` (a client, say) is handed to the
/// thread: the caller must not touch it until this returns.
func blocking<Subject, Result>(_ subject: Subject, _ work: @escaping (Subject) throws -> Result) async throws -> Result {
    let input = Box((subject, work))
    let output = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Box<Result>, any Error>) in
        Thread.detachNewThread {
            do {
                continuation.resume(returning: Box(try input.value.1(input.value.0)))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
    return output.value
}

/// `blocking(_:_:)` without a subject.
func blocking<Result>(_ work: @escaping () throws -> Result) async throws -> Result {
    try await blocking(()) { _ in try work() }
}

/// `@unchecked Sendable`: a box is touched by one thread at a time, handed over by the
/// continuation in `blocking` (the caller waits while the thread works).
private final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
