import App
import ArgumentParser
import Histories
import JSON

/// `registrar timeline FILE -o page.html`: a self-contained timeline page (SPEC §6).
struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the timeline page of a history file, with its verdict, readable offline.")

    @Argument(help: "The history file (any format `check` reads).")
    var file: String

    @Option(name: .shortAndLong, help: "The page to write; longer histories add NAME-2.html, NAME-3.html, …")
    var output = "timeline.html"

    @Option(help: "Input format: auto, native, edn, jepsen-json, text or porcupine.")
    var format = "auto"

    @Option(help: "Model for formats that do not say: register or cas-register.")
    var model: String?

    @Option(help: "Initial value of every register, as JSON (for formats that do not say).")
    var initial: String?

    @Option(name: .customLong("public"), help: "Folder holding timeline.css (default: ./Public, or beside the binary).")
    var publicDirectory: String?

    @Option(help: "Seconds for the check before the verdict is unknown.")
    var timeout: Double = 60

    func run() throws {
        guard format == "auto" || HistoryFormat(rawValue: format) != nil else { throw failure("--format is not a known format") }
        guard model.map({ History.Model(rawValue: $0) != nil }) ?? true else { throw failure("--model must be register or cas-register") }
        var initialValue: Value?
        if let initial {
            guard let json = try? JSON.parse(initial), let value = Value(json: json) else {
                throw failure("--initial must be a JSON scalar")
            }
            initialValue = value
        }
        let command = TimelineFile(
            input: file, output: output, format: HistoryFormat(rawValue: format), model: model.flatMap(History.Model.init(rawValue:)),
            initial: initialValue, publicDirectory: publicDirectory, timeout: timeout)
        do {
            for path in try command.run() { print("wrote \(path)") }
        } catch {
            throw failure("\(error)")
        }
    }

}
