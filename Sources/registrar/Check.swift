import App
import ArgumentParser
import Checker
import Histories

/// `registrar check`: verdicts for history files (SPEC §6).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check history files: safe, regular and atomic, register by register.",
        discussion: "Exit status: 0 the level holds in every file, 1 it is violated in one, 2 bad input, 3 undecided.")

    @Argument(help: "History files (native JSON, Jepsen EDN, Jepsen JSON, Jepsen text logs, Porcupine).")
    var files: [String]

    @Option(help: "Input format: auto, native, edn, jepsen-json, text or porcupine.")
    var format = "auto"

    @Option(help: "Model for formats that do not say: register or cas-register (default: cas-register when any cas appears).")
    var model: String?

    @Option(help: "Initial value of every register, as JSON (for formats that do not say; default null).")
    var initial: String?

    @Option(help: "The level the exit status is about: safe, regular or atomic.")
    var level = "atomic"

    @Flag(help: "Print the verdict as JSON (SPEC §4).")
    var json = false

    @Option(help: "Seconds per file before the verdict is unknown.")
    var timeout: Double = 60

    func validate() throws {
        guard format == "auto" || HistoryFormat(rawValue: format) != nil else {
            throw failure("--format must be auto, " + HistoryFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard model.map({ History.Model(rawValue: $0) != nil }) ?? true else {
            throw failure("--model must be register or cas-register")
        }
        guard Level(rawValue: level) != nil else { throw failure("--level must be safe, regular or atomic") }
        guard timeout > 0 else { throw failure("--timeout must be positive") }
    }

    func run() throws {
        let request = FileCheck.Request(
            files: files, format: HistoryFormat(rawValue: format), model: model.flatMap(History.Model.init(rawValue:)),
            initial: initial, level: Level(rawValue: level) ?? .atomic, json: json, timeout: timeout)
        let outcome = FileCheck(request: request).run()
        if outcome != .holds { throw ExitCode(outcome.rawValue) }
    }

}
