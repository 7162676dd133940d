import Foundation
import Glibc
import Histories
import Testing
@testable import Storage

/// Commits are made durable by a sync of the log after COMMIT (`LogSyncer`): nothing that needs it
/// is answered before its sync returns, answers keep their order, and a failed sync stops the store.
@Suite struct LogSyncTests {
    /// Stands in for the disk: counts syncs, can hold them until released, can fail them.
    final class Disk: @unchecked Sendable {
        private let condition = NSCondition()
        private var open = true
        private var waiting = 0
        private var error: Int32 = 0
        private(set) var syncs = 0

        func sync(_ descriptor: Int32) -> Int32 {
            condition.lock()
            defer { condition.unlock() }
            #expect(descriptor >= 0)
            syncs += 1
            waiting += 1
            condition.broadcast()
            while !open { condition.wait() }
            waiting -= 1
            return error
        }

        /// Later syncs wait in `sync` until `release`.
        func hold() { condition.withLock { open = false } }

        func release(failing error: Int32 = 0) {
            condition.withLock {
                self.error = error
                open = true
                condition.broadcast()
            }
        }

        /// Waits until a sync has begun (and is held), at most a few seconds.
        func waitForHeldSync() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(5)
            while waiting == 0 { if !condition.wait(until: deadline) { return false } }
            return true
        }

        var syncCount: Int { condition.withLock { syncs } }
    }

    /// Completions in the order they ran.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var log: [(String, Result<Void, StorageError>)] = []
        let done = DispatchGroup()

        func expect(_ name: String) -> @Sendable (Result<Void, StorageError>) -> Void {
            done.enter()
            return { result in
                self.lock.withLock { self.log.append((name, result)) }
                self.done.leave()
            }
        }

        var names: [String] { lock.withLock { log.map(\.0) } }
        var failures: [String] {
            lock.withLock { log.compactMap { if case .failure = $0.1 { $0.0 } else { nil } } }
        }
        func error(_ name: String) -> StorageError? {
            lock.withLock {
                log.first { $0.0 == name }.flatMap { if case let .failure(error) = $0.1 { error } else { nil } }
            }
        }
    }

    /// A store on a stand-in disk with array "w" (its creation synced), whose first write,
    /// answered as `name`, waits in a held sync.
    struct HeldWrite {
        let directory: TemporaryDirectory
        let disk = Disk()
        let storage: Storage
        let answers = Answers()

        init(answeredAs name: String) throws {
            directory = try TemporaryDirectory()
            storage = try Storage(
                path: directory.file("sync.sqlite"), migrations: shippedMigrations(), synchronous: .writes,
                answering: { $0() }, syncLog: disk.sync)
            try storage.createArray(array("w", size: 1))
            #expect(disk.syncCount == 1, "creating the array was synced")
            disk.hold()
            storage.submit(LogSyncTests.writeEntries(0, value: 7), completion: answers.expect(name))
            #expect(disk.waitForHeldSync())
        }
    }

    /// Waits until `count` commits are counted, at most a few seconds.
    private func waitForCommits(_ storage: Storage, _ count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while storage.counters.commits < count {
            if Date() > deadline { return false }
            usleep(500)
        }
        return storage.counters.commits == count
    }

    static func writeEntries(_ id: Int, value: Int64) -> [JournalEntry] {
        [
            .record(array: "w", operation: write(id, value: .int(value), invoke: Int64(2 * id), complete: Int64(2 * id + 1))),
            .registerValue(array: "w", index: 0, value: .int(value)),
        ]
    }

    /// A write is committed (a reader sees it) but not answered while its sync runs; a read
    /// committed meanwhile, which needs no sync, is answered after the write all the same.
    @Test func aWriteIsAnsweredAfterItsSyncAndBeforeWhatCommittedAfterIt() throws {
        let held = try HeldWrite(answeredAs: "write")
        let (disk, storage, answers) = (held.disk, held.storage, held.answers)
        defer { storage.close() }
        storage.submit(
            [.record(array: "w", operation: read(1, value: .int(7), invoke: 2, complete: 3))],
            completion: answers.expect("read"))
        // The read's group commits while the write's sync is held, and waits behind it.
        #expect(waitForCommits(storage, 3))
        #expect(try storage.operationCount(array: "w") == 2)
        #expect(try storage.registerValues(array: "w") == [0: .int(7)])
        usleep(20_000)
        #expect(answers.names.isEmpty, "nothing is answered before the sync returns")

        disk.release()
        answers.done.wait()
        #expect(answers.names == ["write", "read"])
        #expect(answers.failures.isEmpty)
        #expect(storage.counters.logSyncs == 2)
    }

    /// Groups committed while a sync runs share the next one.
    @Test func oneSyncCoversEveryGroupCommittedDuringThePreviousOne() throws {
        let held = try HeldWrite(answeredAs: "first")
        let (disk, storage, answers) = (held.disk, held.storage, held.answers)
        defer { storage.close() }
        // The array's creation and the first write; each next write its own group, committed
        // before the next is submitted.
        #expect(waitForCommits(storage, 2))
        for id in 1...3 {
            storage.submit(Self.writeEntries(id, value: Int64(id)), completion: answers.expect("then \(id)"))
            #expect(waitForCommits(storage, 2 + id))
        }
        #expect(disk.syncCount == 2, "the held sync only")
        disk.release()
        answers.done.wait()
        #expect(answers.names == ["first", "then 1", "then 2", "then 3"])
        #expect(disk.syncCount == 3, "one more sync for the three groups")
        #expect(storage.counters.logSyncs == 3)
        #expect(storage.counters.syncedCommits == 5)
    }

    /// A failed sync fails the groups waiting for it, and the store then commits nothing more:
    /// a later sync that succeeded would not prove the earlier pages reached the disk.
    @Test func aFailedSyncFailsWhatWaitedForItAndStopsCommits() throws {
        let held = try HeldWrite(answeredAs: "write")
        let (disk, storage, answers) = (held.disk, held.storage, held.answers)
        defer { storage.close() }
        #expect(storage.failure == nil)
        disk.release(failing: EIO)
        answers.done.wait()
        let error = try #require(answers.error("write"))
        #expect(error.kind == .sqlite)
        #expect(error.extendedCode == StorageError.ioErrorFsync)
        #expect(error.message.contains("syncing the log failed"))
        #expect(storage.failure == error, "the store says why it takes no more changes")

        let later = submitAndWait(storage, [.record(array: "w", operation: read(1, invoke: 2, complete: 3))])
        #expect(throws: StorageError.self) { try later.get() }
        #expect(throws: StorageError.self) { try storage.createArray(array("v", size: 1)) }
        #expect(try storage.operationCount(array: "w") == 1, "the write is in the log; the read was not committed")
        #expect(try storage.array(named: "v") == nil)
    }

    /// Closing answers what waits for a sync before the log is closed.
    @Test func closingAnswersWhatWaitsForASync() throws {
        let held = try HeldWrite(answeredAs: "write")
        let (disk, storage, answers) = (held.disk, held.storage, held.answers)
        let closed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            storage.close()
            closed.signal()
        }
        #expect(closed.wait(timeout: .now() + .milliseconds(50)) == .timedOut, "close waits for the sync")
        disk.release()
        #expect(closed.wait(timeout: .now() + .seconds(5)) == .success)
        #expect(answers.names == ["write"])
        #expect(answers.failures.isEmpty)
    }
}
