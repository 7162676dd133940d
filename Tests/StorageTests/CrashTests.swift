import Foundation
import Histories
import Testing
@testable import Storage

/// A real crash: a child process (this test binary, running `crashChild`) writes through the store
/// and reports each acknowledged operation on stdout; the parent kills it with SIGKILL mid-stream,
/// reopens the file and checks that nothing acknowledged was lost and nothing stayed pending.
@Suite struct CrashTests {
    static let childVariable = "STORAGE_CRASH_CHILD_DATABASE"

    /// Only does something when run as the child; a no-op in a normal test run.
    @Test func crashChild() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        let storage = try Storage(path: path, migrations: shippedMigrations())
        try storage.createArray(array("k", size: 8))
        let output = FileHandle.standardOutput
        runOnThreads(8) { process in
            for i in 0..<1_000_000 {
                let id = i * 8 + process
                let invoke = Int64(id * 2)
                let invoked = submitAndWait(storage, [
                    .invoked(array: "k", operation: write(id, register: process, value: .int(Int64(id)), process: .int(process), invoke: invoke, complete: nil))
                ])
                guard case .success = invoked else { return }
                let completed = submitAndWait(storage, [
                    .completed(array: "k", id: id, status: .ok, value: nil, complete: invoke + 1),
                    .registerValue(array: "k", index: process, value: .int(Int64(id))),
                ])
                guard case .success = completed else { return }
                // One write(2) per line: the parent sees it only once it is durable.
                output.write(Data("ack \(id)\n".utf8))
            }
        }
    }

    /// Linux only: there `swift test` runs the test binary itself, which the child re-executes.
    @Test(.enabled(if: isLinux)) func acknowledgedWritesSurviveSIGKILL() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("crash.sqlite")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChild"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childVariable] = path
        child.environment = environment
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()

        var acknowledged = Set<Int>()
        var buffer = ""
        let reader = pipe.fileHandleForReading
        while acknowledged.count < 400 {
            let data = reader.availableData
            if data.isEmpty { break }  // the child exited early
            buffer += String(decoding: data, as: UTF8.self)
            while let newline = buffer.firstIndex(of: "\n") {
                let line = buffer[..<newline]
                buffer = String(buffer[buffer.index(after: newline)...])
                if line.hasPrefix("ack "), let id = Int(line.dropFirst(4)) { acknowledged.insert(id) }
            }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        try #require(acknowledged.count >= 400, "the child stopped before 400 acknowledgements")

        let storage = try Storage(path: path, migrations: shippedMigrations())
        defer { storage.close() }
        let operations = try storage.operations(array: "k", after: nil, limit: 10_000_000)
        let byID = Dictionary(uniqueKeysWithValues: operations.map { ($0.id, $0) })
        let lost = acknowledged.filter { byID[$0]?.status != .ok }
        #expect(lost.isEmpty, "acknowledged but not ok after the crash: \(lost.sorted().prefix(10))")
        // Everything else was in flight: settled as info, none left pending.
        #expect(operations.allSatisfy { $0.status == .ok || ($0.status == .info && $0.complete == nil) })
        print("crash: \(acknowledged.count) acknowledged, \(operations.count) stored, recovery \(storage.recovery)")
    }
}

#if os(Linux)
let isLinux = true
#else
let isLinux = false
#endif
