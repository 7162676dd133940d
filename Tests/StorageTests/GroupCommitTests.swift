import Foundation
import Histories
import Synchronization
import Testing
@testable import Storage

@Suite struct GroupCommitTests {
    /// 32 threads each submit 200 times, every submission waiting for its completion like an HTTP
    /// request: all are answered, all rows are there, and they shared fsyncs.
    @Test func concurrentSubmittersShareCommits() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let threads = 32
        let perThread = 200
        try storage.createArray(array("load", size: threads))
        let failures = Counter()
        let start = DispatchTime.now().uptimeNanoseconds
        // Real threads: concurrentPerform would run only as many at once as there are cores.
        runOnThreads(threads) { thread in
            for i in 0..<perThread {
                let id = thread * perThread + i
                let operation = write(id, register: thread, value: .int(Int64(id)), process: .int(thread), invoke: Int64(id), complete: Int64(id) + 1)
                let result = submitAndWait(storage, [
                    .record(array: "load", operation: operation),
                    .registerValue(array: "load", index: thread, value: .int(Int64(id))),
                ])
                if case .failure = result { failures.increment() }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let counters = storage.counters
        let submits = threads * perThread
        print("group commit: \(submits) submits from \(threads) threads in \(String(format: "%.2f", seconds)) s = \(Int(Double(submits) / seconds)) submits/s, \(counters.commits - 1) commits = \(Int(Double(counters.commits) / seconds)) commits/s, largest batch \(counters.largestBatchSize)")

        #expect(failures.value == 0)
        #expect(try storage.operationCount(array: "load") == submits)
        #expect(try storage.maxOperationID(array: "load") == submits - 1)
        #expect(try storage.registerValues(array: "load") == Dictionary(uniqueKeysWithValues: (0..<threads).map { ($0, Value.int(Int64($0 * perThread + perThread - 1))) }))
        // One commit for createArray, then fewer commits than submits.
        #expect(counters.commits - 1 < submits)
        #expect(counters.submissionsCommitted == submits + 1)
        #expect(counters.entriesCommitted == 2 * submits)
        #expect(counters.failedCommits == 0)
    }

    /// Submissions that do not wait pile up behind the first commit and go in one or a few batches.
    /// A group is applied without savepoints first; a bad submission in it sends the group back
    /// through savepoints, so the bad one fails alone and the others still commit.
    @Test func aBadSubmissionInAGroupFailsAloneAndTheOthersCommit() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("g", size: 2))
        // Hold the writer so that the three submissions below queue up and form one group.
        let held = holdWriter(storage)
        let done = DispatchGroup()
        let results = (0..<3).map { _ in ResultBox() }
        let submissions: [[JournalEntry]] = [
            [.record(array: "g", operation: write(0, value: .int(1), invoke: 1, complete: 2))],
            [.registerValue(array: "g", index: 5, value: .null)],
            [.record(array: "g", operation: write(1, value: .int(2), invoke: 3, complete: 4)),
             .registerValue(array: "g", index: 1, value: .int(2))],
        ]
        for (index, entries) in submissions.enumerated() {
            done.enter()
            storage.submit(entries) { result in
                results[index].set(result)
                done.leave()
            }
        }
        held.signal()
        done.wait()
        #expect((try? results[0].get().get()) != nil)
        #expect(results[1].get().failure?.kind == .invalid)
        #expect((try? results[2].get().get()) != nil)
        #expect(try storage.operationCount(array: "g") == 2)
        #expect(try storage.registerValues(array: "g")[1]?.description == "2")
        #expect(storage.writer.snapshot.largestBatchSize == 3, "the three submissions formed one group")
    }

    /// A group stores each register's value once, deferred to its end: whatever the interleaving,
    /// each register ends with the last value the group gave it, and an untouched one keeps its own.
    /// With a bad entry in the group, the savepoint path applies the others one by one and the
    /// registers end the same.
    @Test(arguments: [false, true])
    func registersKeepTheLastValueTheirGroupGaveThem(withABadEntry: Bool) throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("r", size: 4))
        try submitAndWait(storage, [.registerValue(array: "r", index: 3, value: .string("kept"))]).get()
        let held = holdWriter(storage)
        let writes: [(register: Int, value: Int64)] = [(0, 1), (1, 2), (0, 3), (2, 4), (1, 5), (0, 6), (2, 7)]
        var submissions: [[JournalEntry]] = writes.enumerated().map { id, given in
            [.record(array: "r", operation: write(id, register: given.register, value: .int(given.value), invoke: Int64(id), complete: Int64(id))),
             .registerValue(array: "r", index: given.register, value: .int(given.value))]
        }
        if withABadEntry { submissions.insert([.registerValue(array: "r", index: 9, value: .null)], at: 3) }
        let done = DispatchGroup()
        let failures = Counter()
        for entries in submissions {
            done.enter()
            storage.submit(entries) { result in
                if case .failure = result { failures.increment() }
                done.leave()
            }
        }
        held.signal()
        done.wait()
        #expect(failures.value == (withABadEntry ? 1 : 0))
        #expect(storage.writer.snapshot.largestBatchSize == submissions.count, "the submissions formed one group")
        #expect(try storage.registerValues(array: "r") == [0: .int(6), 1: .int(5), 2: .int(7), 3: .string("kept")])
        #expect(try storage.operationCount(array: "r") == writes.count)
    }

    /// Under `.writes`, a commit holding only completed reads' records is not synced, one holding
    /// anything that changes state is; `.full` syncs every commit and `.normal` none.
    @Test(arguments: [SynchronousMode.writes, .full, .normal])
    func commitsAreSyncedWhenTheModeAsks(_ mode: SynchronousMode) throws {
        let directory = try TemporaryDirectory()
        let storage = try Storage(path: directory.file("s.sqlite"), migrations: shippedMigrations(), synchronous: mode)
        defer { storage.close() }
        try storage.createArray(array("s", size: 2))
        let afterCreate = storage.counters.syncedCommits
        try submitAndWait(storage, [.record(array: "s", operation: read(0, invoke: 1, complete: 2))]).get()
        try submitAndWait(storage, [.record(array: "s", operation: read(1, invoke: 3, complete: 4))]).get()
        let afterReads = storage.counters.syncedCommits
        try submitAndWait(storage, [
            .record(array: "s", operation: write(2, value: .int(7), invoke: 5, complete: 6)),
            .registerValue(array: "s", index: 0, value: .int(7)),
        ]).get()
        // A pending read is no completed read: its commit is synced like any other entry's.
        try submitAndWait(storage, [.invoked(array: "s", operation: read(3, invoke: 7, complete: nil))]).get()
        let afterWrite = storage.counters.syncedCommits
        switch mode {
        case .writes:
            #expect(afterCreate == 1)
            #expect(afterReads == afterCreate, "reads alone were not synced")
            #expect(afterWrite == afterReads + 2)
        case .full:
            #expect(afterWrite == afterCreate + 4)
        case .normal:
            #expect(afterWrite == 0)
        }
        #expect(storage.counters.logSyncs == afterWrite, "each synced commit, waited for alone, had its own sync")
        #expect(try storage.operationCount(array: "s") == 4)
    }

    /// Held reads wait for `commitPending`, which commits them in one group on the calling thread
    /// and answers them before it returns; the writer thread never saw them.
    @Test func heldReadsAreCommittedTogetherByTheThreadThatAsks() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("h", size: 1))
        let before = storage.counters
        let caller = pthread_self()
        let answeredHere = Counter()
        for id in 0..<5 {
            storage.submitHeld([.record(array: "h", operation: read(id, invoke: Int64(id), complete: Int64(id)))]) { result in
                if case .success = result, pthread_equal(pthread_self(), caller) != 0 { answeredHere.increment() }
            }
        }
        #expect(answeredHere.value == 0, "nothing is committed before commitPending")
        #expect(storage.commitPending() == false)
        #expect(answeredHere.value == 5)
        let after = storage.counters
        #expect(after.commits == before.commits + 1, "one group")
        #expect(after.syncedCommits == before.syncedCommits, "reads alone are not synced")
        #expect(try storage.operationCount(array: "h") == 5)

        // A completion that holds more work makes commitPending say so; the next call commits it.
        storage.submitHeld([.record(array: "h", operation: read(5, invoke: 5, complete: 5))]) { _ in
            storage.submitHeld([.record(array: "h", operation: read(6, invoke: 6, complete: 6))]) { _ in }
        }
        #expect(storage.commitPending() == true)
        #expect(storage.commitPending() == false)
        #expect(try storage.operationCount(array: "h") == 7)
    }

    /// A held write needs a sync, so `commitPending` hands it to the writer thread; held entries
    /// behind an unheld one go with it, in order; held entries nobody commits are committed anyway.
    @Test func heldWorkThatNeedsTheWriterThreadStillCommitsInOrder() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("w", size: 1))
        let caller = pthread_self()
        let onCaller = Counter()
        let done = DispatchGroup()
        func submit(_ entries: [JournalEntry], held: Bool) {
            done.enter()
            let completion: @Sendable (Result<Void, StorageError>) -> Void = { result in
                if pthread_equal(pthread_self(), caller) != 0 { onCaller.increment() }
                #expect((try? result.get()) != nil)
                done.leave()
            }
            if held { storage.submitHeld(entries, completion: completion) } else { storage.submit(entries, completion: completion) }
        }
        submit([.record(array: "w", operation: write(0, value: .int(1), invoke: 1, complete: 2)),
                .registerValue(array: "w", index: 0, value: .int(1))], held: true)
        storage.commitPending()
        done.wait()
        submit([.record(array: "w", operation: write(1, value: .int(2), invoke: 3, complete: 4)),
                .registerValue(array: "w", index: 0, value: .int(2))], held: false)
        submit([.record(array: "w", operation: read(2, value: .int(2), invoke: 5, complete: 6))], held: true)
        done.wait()
        // Nobody calls commitPending for this one: the writer thread takes it after its hold limit.
        submit([.record(array: "w", operation: read(3, value: .int(2), invoke: 7, complete: 8))], held: true)
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(onCaller.value == 0, "the writer thread committed all of them")
        let operations = try storage.operations(array: "w", after: nil, limit: 10)
        #expect(operations.map(\.id) == [0, 1, 2, 3])
        #expect(try storage.registerValues(array: "w")[0] == .int(2))
    }

    /// Threads that hold reads and commit them themselves, beside writes that go to the writer
    /// thread: every submission is answered once, successfully, and is in the database.
    @Test func heldAndUnheldSubmissionsFromManyThreadsAllCommit() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let threads = 8
        let perThread = 300
        try storage.createArray(array("m", size: threads))
        let answered = Counter()
        let failed = Counter()
        let done = DispatchGroup()
        let ids = Mutex(0)
        runOnThreads(threads) { thread in
            for i in 0..<perThread {
                let id = ids.withLock { next in
                    defer { next += 1 }
                    return next
                }
                done.enter()
                let completion: @Sendable (Result<Void, StorageError>) -> Void = { result in
                    if case .failure = result { failed.increment() }
                    answered.increment()
                    done.leave()
                }
                if i % 10 == 9 {
                    storage.submit([.record(array: "m", operation: write(id, register: thread, value: .int(Int64(i)), invoke: Int64(id), complete: Int64(id))),
                                    .registerValue(array: "m", index: thread, value: .int(Int64(i)))], completion: completion)
                } else {
                    storage.submitHeld([.record(array: "m", operation: read(id, register: thread, invoke: Int64(id), complete: Int64(id)))], completion: completion)
                    if i % 3 != 0 { while storage.commitPending() {} }
                }
            }
            while storage.commitPending() {}
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(answered.value == threads * perThread)
        #expect(failed.value == 0)
        #expect(try storage.operationCount(array: "m") == threads * perThread)
    }

    /// Commits do not checkpoint: past 1,000 pages of log, the writer thread copies the log into
    /// the database file on a connection of its own, and commits go on meanwhile.
    @Test func theWriterThreadCheckpointsTheLog() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("k.sqlite")
        let storage = try Storage(path: path, migrations: shippedMigrations())
        defer { storage.close() }
        try storage.createArray(array("k", size: 1))
        func fileSize(_ path: String) -> Int {
            var info = stat()
            return stat(path, &info) == 0 ? Int(info.st_size) : 0
        }
        let before = fileSize(path)
        let big = Value.string(String(repeating: "x", count: 6000))
        for id in 0..<800 {
            storage.submitHeld([.record(array: "k", operation: read(id, value: big, invoke: Int64(id), complete: Int64(id)))]) { _ in }
            if id % 10 == 9 { storage.commitPending() }
        }
        storage.commitPending()
        let deadline = ContinuousClock.now + .seconds(10)
        while storage.counters.checkpoints == 0 && ContinuousClock.now < deadline { usleep(10_000) }
        #expect(storage.counters.checkpoints >= 1)
        #expect(storage.counters.failedCheckpoints == 0)
        #expect(fileSize(path) > before + 1_000_000, "the log was copied into the database file")
        #expect(try storage.operationCount(array: "k") == 800)
    }

    @Test func closeCommitsEverythingPendingFirst() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        try storage.createArray(array("c", size: 1))
        let answered = Counter()
        let succeeded = Counter()
        let count = 2000
        for id in 0..<count {
            storage.submit([.record(array: "c", operation: write(id, value: .int(Int64(id)), invoke: Int64(id), complete: Int64(id)))]) { result in
                answered.increment()
                if case .success = result { succeeded.increment() }
            }
        }
        storage.close()
        // close() returned: every completion has run.
        #expect(answered.value == count)
        #expect(succeeded.value == count)
        let counters = storage.counters
        #expect(counters.commits < count)

        let reopened = try openStorage(directory)
        defer { reopened.close() }
        #expect(try reopened.operationCount(array: "c") == count)
    }

    @Test func completionsRunAfterTheCommitIsVisible() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        try storage.createArray(array("v", size: 1))
        let seen = Counter()
        let done = DispatchSemaphore(value: 0)
        storage.submit([.registerValue(array: "v", index: 0, value: .string("x"))]) { _ in
            // A read in the completion already sees the committed value.
            if (try? storage.registerValues(array: "v"))?[0] == .string("x") { seen.increment() }
            done.signal()
        }
        done.wait()
        #expect(seen.value == 1)
    }

    @Test func synchronousWritesFromACompletionAreRefusedNotDeadlocked() throws {
        let directory = try TemporaryDirectory()
        let storage = try openStorage(directory)
        defer { storage.close() }
        let kind = KindBox()
        let done = DispatchSemaphore(value: 0)
        storage.submit([]) { _ in
            do { try storage.createArray(array("inner")) } catch let error as StorageError { kind.value = error.kind } catch {}
            done.signal()
        }
        done.wait()
        #expect(kind.value == .misuse)
    }

    @Test func normalSynchronousModeWorksToo() throws {
        let directory = try TemporaryDirectory()
        let storage = try Storage(path: directory.file("n.sqlite"), migrations: shippedMigrations(), synchronous: .normal)
        defer { storage.close() }
        try storage.createArray(array("n"))
        #expect(try storage.arrays().count == 1)
    }
}

/// Runs `body(0..<count)` on `count` threads at once and waits for them all.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

final class KindBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: StorageError.Kind?
    var value: StorageError.Kind? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
