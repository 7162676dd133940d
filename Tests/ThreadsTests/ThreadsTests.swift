import Foundation
import Synchronization
import Testing
@testable import Threads

@Suite struct ThreadsTests {
    @Test func aJoinableThreadRunsItsBodyUnderItsName() throws {
        let seen = Mutex<String?>(nil)
        let thread = try spawnJoinableThread(name: "threads-test") {
            let name = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
            seen.withLock { $0 = name }
        }
        pthread_join(thread, nil)
        #expect(seen.withLock { $0 } == "threads-test\n")
    }

    @Test func aDetachedThreadSignalsThroughACondition() throws {
        let condition = Condition()
        let done = Mutex(false)
        condition.lock()
        try spawnThread(name: "threads-test") {
            condition.lock()
            done.withLock { $0 = true }
            condition.signal()
            condition.unlock()
        }
        while !done.withLock({ $0 }) { condition.wait() }
        condition.unlock()
        #expect(done.withLock { $0 })
    }

    @Test func aWaitWithADeadlineGivesUpAtIt() {
        let condition = Condition()
        let start = monotonicNanos()
        condition.lock()
        let woken = condition.wait(until: start + 50_000_000)
        condition.unlock()
        #expect(!woken)
        #expect(monotonicNanos() - start >= 50_000_000)
    }

    @Test func longNamesAreCutToWhatTheKernelKeeps() {
        #expect(kernelThreadName("registrar-storage-writer") == "registrar-stora")
        #expect(kernelThreadName("short") == "short")
        // A character is never cut in half.
        #expect(kernelThreadName("abcdefghijklmn→") == "abcdefghijklmn")
    }

    private func monotonicNanos() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
