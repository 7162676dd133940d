import Foundation
import Histories
import JSON
@testable import Storage

/// A fresh directory under the system temporary directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("storage-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `text` to `name` in this directory; returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// The repository's Migrations/ directory, the one the app ships.
let repositoryMigrations: String = {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    return tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations").path
}()

func shippedMigrations() throws -> [Migration] {
    try Migrations.load(directory: repositoryMigrations)
}

/// A store on a new file in `directory`, with the shipped migrations.
func openStorage(_ directory: TemporaryDirectory, name: String = "registrar.sqlite") throws -> Storage {
    try Storage(path: directory.file(name), migrations: shippedMigrations())
}

func number(_ literal: String) -> Value {
    guard let n = JSONNumber(literal) else { fatalError("test literal \(literal) is not a JSON number") }
    return .number(n)
}

/// Submits `entries` and waits for the commit.
/// Occupies the writer thread with a task until the returned semaphore is signalled, so that what
/// is submitted meanwhile queues up and forms one group.
func holdWriter(_ storage: Storage) -> DispatchSemaphore {
    let started = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    storage.writer.enqueue(.task({ _ in
        started.signal()
        release.wait()
    }, { _ in }))
    started.wait()
    return release
}

func submitAndWait(_ storage: Storage, _ entries: [JournalEntry]) -> Result<Void, StorageError> {
    let done = DispatchSemaphore(value: 0)
    let outcome = ResultBox()
    storage.submit(entries) { result in
        outcome.set(result)
        done.signal()
    }
    done.wait()
    return outcome.get()
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Void, StorageError> = .success(())
    func set(_ result: Result<Void, StorageError>) { lock.withLock { self.result = result } }
    func get() -> Result<Void, StorageError> { lock.withLock { result } }
}

func write(
    _ id: Int, register: Int = 0, value: Value, process: Label = .int(1), invoke: Int64, complete: Int64?,
    status: Histories.Operation.Status = .ok
) -> Histories.Operation {
    Histories.Operation(
        id: id, process: process, register: .int(register), kind: .write, value: value, invoke: invoke,
        complete: complete, status: status)
}

func read(
    _ id: Int, register: Int = 0, value: Value = .null, process: Label = .int(1), invoke: Int64, complete: Int64?,
    status: Histories.Operation.Status = .ok
) -> Histories.Operation {
    Histories.Operation(
        id: id, process: process, register: .int(register), kind: .read, value: value, invoke: invoke,
        complete: complete, status: status)
}

func array(_ name: String, size: Int = 4) -> ArrayRecord {
    ArrayRecord(name: name, size: size, semantics: "atomic", replicas: 1, createdAt: 1_700_000_000_000)
}
