import Foundation
import Testing

/// `registrar check` and `registrar timeline` as a user runs them: output and exit codes (SPEC §6).
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var data: URL { ServerProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }

    func registrar(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = ServerProcess.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func checkExitsZeroWhenTheLevelHoldsAndOneWhenItIsViolated() throws {
        let good = Self.data.appendingPathComponent("knossos/cas-register/good/cas-register-bug.edn").path
        let bad = Self.data.appendingPathComponent("knossos/cas-register/bad/cas-failure.edn").path
        let holds = try registrar(["check", good])
        #expect(holds.status == 0)
        #expect(holds.output.contains("atomic"))
        let violated = try registrar(["check", good, bad])
        #expect(violated.status == 1)
        #expect(violated.output.contains("not atomic"))
    }

    @Test func checkJudgesTheLevelAskedFor() throws {
        // Safe but neither regular nor atomic (the shared levels set says so).
        let file = Self.data.appendingPathComponent("levels/levels-1-0002-safe.json").path
        #expect(try registrar(["check", "--level", "safe", file]).status == 0)
        #expect(try registrar(["check", "--level", "regular", file]).status == 1)
        let json = try registrar(["check", "--json", file])
        #expect(json.status == 1)
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(verdict["consistency"] as? String == "safe")
        #expect((verdict["registers"] as? [[String: Any]])?.first?["safe"] as? Bool == true)
    }

    @Test func checkExitsTwoOnBadInputAndSaysWhere() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(#"{"operations":[{"process":"p","kind":"write","value":1,"invoke":1,"complete":2,"status":"done"}]}"#.utf8).write(to: file)
        let run = try registrar(["check", file.path])
        #expect(run.status == 2)
        #expect(run.errors.contains("operation 0"))
        #expect(run.errors.contains("status"))
        #expect(try registrar(["check", "/no/such/file.edn"]).status == 2)
        #expect(try registrar(["check", "--format", "yaml", file.path]).status == 2)
    }

    /// A sync level that does not exist is refused before anything opens, naming the levels there are.
    @Test func serveAndReplicaRefuseAnUnknownSyncLevel() throws {
        for command in ["serve", "replica"] {
            let run = try registrar([command, "--synchronous", "sometimes", "--database", "/nonexistent/dir/x.sqlite"])
            #expect(run.status != 0)
            #expect(run.errors.contains("'sometimes' is invalid for '--synchronous"))
            #expect(run.errors.contains("'full', 'writes' or 'normal'"))
        }
    }

    @Test func timelineWritesASelfContainedPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("timeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("page.html").path
        let input = Self.data.appendingPathComponent("knossos/cas-register/bad/cas-failure.edn").path
        let run = try registrar(["timeline", input, "-o", output])
        #expect(run.status == 0, "\(run.errors)")
        let page = try String(contentsOfFile: output, encoding: .utf8)
        #expect(page.contains("<style>"))
        #expect(!page.contains("<link rel=\"stylesheet\""))
        #expect(page.contains("read-before-write"))
        #expect(page.contains("cas-failure.edn"))
    }
}
