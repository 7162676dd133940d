import Checker
import Histories

/// Verdicts in words, for a person at a terminal.
enum VerdictText {
    /// A line per register (consistency, operations, time), then each violation as a sentence.
    static func describe(_ verdict: Verdict, file: String, history: History, level: Level, parseMillis: Double) -> String {
        var lines: [String] = []
        let checkMillis = Double(verdict.elapsedMicros) / 1000
        lines.append("\(file): \(verdict.consistency.rawValue) (\(history.operations.count) operations, "
            + "\(verdict.registers.count) register\(verdict.registers.count == 1 ? "" : "s"); "
            + "parsed in \(format(parseMillis)), checked in \(format(checkMillis)))")
        let width = verdict.registers.map { $0.register.description.count }.max() ?? 0
        for register in verdict.registers {
            let name = register.register.description
            let padded = name + String(repeating: " ", count: max(0, width - name.count))
            var line = "  register \(padded)  \(register.consistency.rawValue.padding(8))  \(register.operations) operations"
            if let reason = register.unknownReason { line += "  (undecided: \(reason))" }
            lines.append(line)
            for violation in register.violations {
                lines.append("    not \(violation.level.rawValue): \(violation.rule.rawValue): \(violation.message)")
                lines.append("      operations \(violation.operations.map(String.init).joined(separator: ", "))"
                    + (violation.minimal ? "" : " (not shrunk to a minimal set: budget ran out)"))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ millis: Double) -> String {
        if millis < 1 { return "\(Int((millis * 1000).rounded())) µs" }
        if millis < 1000 { return "\((millis * 10).rounded() / 10) ms" }
        return "\((millis / 100).rounded() / 10) s"
    }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
