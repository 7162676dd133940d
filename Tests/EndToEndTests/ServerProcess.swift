import Foundation
import Glibc

/// A real `registrar serve` process on a free loopback port, as a user runs it.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: the fields are set once in init; `process` is only touched by the test's thread.
    let process: Process
    let port: Int
    let databasePath: String
    private let stderrPipe: Pipe

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `registrar` binary built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("registrar")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/registrar")
    }

    /// A new temporary folder for a database.
    static func temporaryDatabase() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-e2e-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("registrar.sqlite").path
    }

    /// Starts the server (or another listening subcommand, such as `replica`) on `databasePath` and
    /// waits until it listens, on `port` (0: a free one).
    init(databasePath: String, extraArguments: [String] = [], command: String = "serve", port requested: Int = 0) throws {
        self.databasePath = databasePath
        process = Process()
        process.executableURL = Self.binary
        process.arguments = [
            command, "--port", String(requested), "--database", databasePath,
            "--migrations", Self.packageRoot.appendingPathComponent("Migrations").path,
        ] + extraArguments
        stderrPipe = Pipe()
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        port = try Self.waitForPort(stderrPipe.fileHandleForReading, process: process)
    }

    private static func waitForPort(_ handle: FileHandle, process: Process) throws -> Int {
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty {
                if !process.isRunning { break }
                continue
            }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"serving on http://[^:]+:(\d+)"#, options: .regularExpression) {
                let match = String(text[range])
                if let port = match.split(separator: ":").last.flatMap({ Int($0) }) { return port }
            }
        }
        throw ServerProcessError.didNotStart(text)
    }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What the server wrote to standard error since start (after it ended).
    func errorOutput() -> String {
        String(decoding: stderrPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

enum ServerProcessError: Error {
    case didNotStart(String)
}
