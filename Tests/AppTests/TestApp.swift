@testable import App
import Foundation
import HTTP
import Histories
import Replication
import TestSupport

/// An `Application` on a free loopback port over a fresh database, stopped when released.
final class TestApp {
    let application: Application
    let port: Int
    let databasePath: String

    static var migrations: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Migrations").path
    }

    static var publicFiles: String {
        URL(fileURLWithPath: migrations).deletingLastPathComponent().appendingPathComponent("Public").path
    }

    /// The shared test data (`../shared/data` beside the repository).
    static var sharedData: URL {
        URL(fileURLWithPath: migrations).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data")
    }

    init(
        databasePath: String? = nil, limits: Limits = .default, publicDirectory: String? = nil,
        makeReplication: ArrayService.ReplicationFactory? = ArrayService.singleReplica,
        historyBudgets: HistoryService.Budgets = HistoryService.Budgets(), quorumDeadline: Duration = .seconds(2),
        token: String? = nil, syncLog: (@Sendable (_ descriptor: Int32) -> Int32)? = nil
    ) throws {
        let path = databasePath ?? {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-app-\(UUID().uuidString)")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder.appendingPathComponent("test.sqlite").path
        }()
        self.databasePath = path
        let configuration = AppConfiguration(
            port: 0, databasePath: path, migrationsDirectory: Self.migrations,
            publicDirectory: publicDirectory ?? Self.publicFiles, limits: limits, quorumDeadline: quorumDeadline, token: token)
        application = try Application(
            configuration: configuration, makeReplication: makeReplication, historyBudgets: historyBudgets,
            syncLog: syncLog)
        port = try application.start()
    }

    func client() throws -> TestClient { try TestClient(port: port) }

    /// The value of the unlabelled sample `name` in the app's /metrics now.
    func metric(_ name: String) throws -> Int? {
        sample(name, in: try client().request("GET", "/metrics").text)
    }

    deinit { application.shutdown() }
}

/// A replication whose operations wait until the test lets them go.
final class GatedReplication: RegisterArrayReplication, @unchecked Sendable {
    // @unchecked: `gate` is a semaphore, thread-safe by itself; `inner` is immutable.
    let gate = DispatchSemaphore(value: 0)
    /// Signalled when an operation starts waiting at the gate.
    let entered = DispatchSemaphore(value: 0)
    private let inner: SingleReplica

    init(values: [Value]) { inner = SingleReplica(initial: values) }

    func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        // A thread of its own: waiting at the gate must not hold one of Dispatch's few pool threads.
        Thread.detachNewThread { [gate, entered, inner] in
            entered.signal()
            gate.wait()
            inner.read(index: index, completion: completion)
        }
    }

    func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        Thread.detachNewThread { [gate, entered, inner] in
            entered.signal()
            gate.wait()
            inner.write(index: index, value: value, completion: completion)
        }
    }
}

/// A replication whose every operation finds no quorum.
struct UnavailableReplication: RegisterArrayReplication {
    func read(index: Int, completion: @escaping @Sendable (Result<Value, ReplicationError>) -> Void) {
        completion(.failure(.quorumUnavailable(answered: 1, needed: 2)))
    }

    func write(index: Int, value: Value, completion: @escaping @Sendable (Result<Void, ReplicationError>) -> Void) {
        completion(.failure(.quorumUnavailable(answered: 1, needed: 2)))
    }
}

/// The value of an unlabelled sample in Prometheus text.
func sample(_ name: String, in text: String) -> Int? {
    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.dropFirst(name.count + 1)) }
}

/// The value of an unlabelled sample in Prometheus text, as a floating-point number.
func decimal(_ name: String, in text: String) -> Double? {
    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
}
