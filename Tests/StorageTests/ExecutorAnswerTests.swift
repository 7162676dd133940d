import Foundation
import Histories
import Testing
import Threads
@testable import Storage

/// Submissions made on a thread with an executor (an event loop) are answered through it.
@Suite struct ExecutorAnswerTests {
    /// Collects the work handed to it; the test runs it, as a loop would on its own thread.
    final class CollectingExecutor: Executor, @unchecked Sendable {
        private let lock = NSLock()
        private var work: [@Sendable () -> Void] = []
        private var handOvers = 0
        let current: Bool

        init(current: Bool) { self.current = current }

        func execute(_ work: @escaping @Sendable () -> Void) {
            lock.withLock {
                self.work.append(work)
                handOvers += 1
            }
        }

        var isCurrent: Bool { current }

        var handOverCount: Int { lock.withLock { handOvers } }

        func runAll() {
            let taken = lock.withLock { () -> [@Sendable () -> Void] in
                defer { work.removeAll() }
                return work
            }
            for work in taken { work() }
        }
    }

    /// The writer thread commits a group of three submissions from a loop and hands their answers
    /// to the loop in one go; none runs before the loop runs it. A task (which `perform` waits
    /// for) is answered on the writer thread even when a loop made it.
    @Test func aGroupFromALoopIsAnsweredThereInOneHandOver() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let loop = CollectingExecutor(current: false)
        CurrentExecutor.running(loop) {
            #expect((try? storage.createArray(array("e", size: 1))) != nil, "a task does not wait for the loop")
        }
        #expect(loop.handOverCount == 0)

        let held = holdWriter(storage)
        let answered = Counter()
        CurrentExecutor.running(loop) {
            for id in 0..<3 {
                storage.submit([.record(array: "e", operation: write(id, value: .int(Int64(id)), invoke: Int64(id), complete: Int64(id)))]) { result in
                    #expect((try? result.get()) != nil)
                    answered.increment()
                }
            }
        }
        held.signal()
        let deadline = Date().addingTimeInterval(5)
        while loop.handOverCount == 0 && Date() < deadline { usleep(1000) }
        #expect(loop.handOverCount == 1, "one hand-over for the group")
        #expect(storage.writer.snapshot.largestBatchSize == 3)
        #expect(answered.value == 0, "nothing is answered before the loop runs it")
        loop.runAll()
        #expect(answered.value == 3)
        #expect(try storage.operationCount(array: "e") == 3)
    }

    /// A loop that commits its held reads itself answers them at once, with no hand-over.
    @Test func readsALoopCommitsItselfAreAnsweredInline() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("i", size: 1))
        let loop = CollectingExecutor(current: true)
        let answered = Counter()
        CurrentExecutor.running(loop) {
            for id in 0..<2 {
                storage.submitHeld([.record(array: "i", operation: read(id, invoke: Int64(id), complete: Int64(id)))]) { _ in
                    answered.increment()
                }
            }
            storage.commitPending()
        }
        #expect(answered.value == 2)
        #expect(loop.handOverCount == 0)
    }
}
