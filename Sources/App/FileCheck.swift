import Checker
import Dispatch
import FoundationEssentials
import Histories
import JSON

/// `registrar check`: verdicts for history files, for a person or as JSON, with SPEC §6 exit codes.
public struct FileCheck: Sendable {
    /// What the command was asked.
    public struct Request: Sendable {
        public var files: [String]
        /// nil: detect from the content.
        public var format: HistoryFormat?
        public var model: History.Model?
        /// JSON text of the initial value, e.g. `0` or `"a"`.
        public var initial: String?
        public var level: Level
        public var json: Bool
        /// Seconds per file before the verdict is `unknown`.
        public var timeout: Double

        public init(files: [String], format: HistoryFormat?, model: History.Model?, initial: String?,
                    level: Level, json: Bool, timeout: Double) {
            self.files = files
            self.format = format
            self.model = model
            self.initial = initial
            self.level = level
            self.json = json
            self.timeout = timeout
        }
    }

    /// SPEC §6: 0 the level holds in every file, 1 violated in one, 2 bad input, 3 undecided.
    public enum Outcome: Int32, Sendable, Comparable {
        case holds = 0, violated = 1, badInput = 2, unknown = 3

        /// Which outcome speaks for several files: bad input first, then a definite violation,
        /// then an undecided check.
        var precedence: Int {
            switch self {
            case .holds: return 0
            case .unknown: return 1
            case .violated: return 2
            case .badInput: return 3
            }
        }

        public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.precedence < rhs.precedence }
    }

    let request: Request
    let output: @Sendable (String) -> Void
    let errors: @Sendable (String) -> Void

    public init(request: Request,
                output: @escaping @Sendable (String) -> Void = { print($0) },
                errors: @escaping @Sendable (String) -> Void = { StandardError.write($0 + "\n") }) {
        self.request = request
        self.output = output
        self.errors = errors
    }

    /// Checks every file in turn and returns the exit outcome.
    public func run() -> Outcome {
        var initialValue: Value?
        if let text = request.initial {
            guard let json = try? JSON.parse(text), let value = Value(json: json) else {
                errors("registrar check: --initial must be a JSON scalar such as 0, null or '\"a\"', got \(text)")
                return .badInput
            }
            initialValue = value
        }
        var outcome = Outcome.holds
        var jsonResults: [JSON] = []
        for file in request.files {
            let result = check(file: file, initial: initialValue)
            outcome = max(outcome, result.outcome)
            if let json = result.json { jsonResults.append(json) }
        }
        if request.json {
            output(jsonResults.count == 1 ? jsonResults[0].serialized() : JSON.array(jsonResults).serialized())
        }
        return outcome
    }

    private func check(file: String, initial: Value?) -> (outcome: Outcome, json: JSON?) {
        guard let data = FileManager.default.contents(atPath: file) else {
            errors("\(file): cannot read the file")
            return (.badInput, nil)
        }
        let history: History
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            history = try History.decode(
                data, format: request.format, options: HistoryDecodingOptions(model: request.model, initial: initial))
        } catch {
            errors("\(file): \(error)")
            return (.badInput, nil)
        }
        let parsed = DispatchTime.now().uptimeNanoseconds
        if history.model == .casRegister && request.level != .atomic {
            errors("\(file): a cas-register history has an atomic verdict only; \(request.level.rawValue) is not defined for cas")
            return (.badInput, nil)
        }
        let progress = ProgressLine(checking: file)
        let options = CheckOptions(
            levels: Set(Level.allCases),
            now: { DispatchTime.now().uptimeNanoseconds },
            deadline: parsed + UInt64(request.timeout * 1e9))
        let verdict = Checker.check(history, options: options)
        progress.finish()
        let outcome = Self.outcome(of: verdict, level: request.level)
        if request.json {
            var members = verdict.json.objectValue ?? []
            members.insert(("file", .string(file)), at: 0)
            return (outcome, .object(members))
        }
        output(VerdictText.describe(
            verdict, file: file, history: history, level: request.level,
            parseMillis: Double(parsed - started) / 1e6))
        return (outcome, nil)
    }

    /// Whether `level` holds in every register of `verdict`.
    static func outcome(of verdict: Verdict, level: Level) -> Outcome {
        var outcome = Outcome.holds
        for register in verdict.registers {
            let holds: Bool?
            switch level {
            case .atomic: holds = register.atomic
            case .regular: holds = register.regular
            case .safe: holds = register.safe
            }
            switch holds {
            case true?: continue
            case false?: outcome = max(outcome, .violated)
            case nil: outcome = max(outcome, .unknown)
            }
        }
        return outcome
    }
}
