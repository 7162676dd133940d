import JSON

/// The live verdict of the array a workload ran on (`GET /arrays/{name}/verdict`, SPEC §4), in words.
struct WorkloadVerdict: Sendable, Equatable {
    struct Register: Sendable, Equatable {
        var name: String
        var consistency: String
        var operations: Int
        /// "not atomic: stale-read: …" for each violation.
        var violations: [String]
    }

    var consistency: String
    var registers: [Register]

    /// Reads the verdict document; nil if it is not one.
    init?(json: JSON) {
        guard let consistency = json["consistency"]?.stringValue, let registers = json["registers"]?.arrayValue else {
            return nil
        }
        self.consistency = consistency
        self.registers = registers.map { register in
            let name: String
            switch register["register"] {
            case let .number(number)?: name = number.literal
            case let .string(text)?: name = text
            default: name = "?"
            }
            let violations = (register["violations"]?.arrayValue ?? []).map { violation in
                "not \(violation["level"]?.stringValue ?? "?"): \(violation["rule"]?.stringValue ?? "?"): "
                    + (violation["message"]?.stringValue ?? "")
            }
            return Register(name: name, consistency: register["consistency"]?.stringValue ?? "unknown",
                            operations: Int(register["operations"]?.numberValue?.int64Value ?? 0), violations: violations)
        }
    }

    /// Weakest first, as the checker orders them: an undecided verdict (`unknown`) confirms nothing.
    static func strength(_ consistency: String) -> Int {
        ["unknown": 0, "none": 1, "safe": 2, "regular": 3, "atomic": 4][consistency] ?? 0
    }

    /// Whether the verdict is weaker than the array's `semantics` promises.
    func isWeaker(than semantics: String) -> Bool {
        Self.strength(consistency) < Self.strength(semantics)
    }

    /// Listed one by one up to this many registers; beyond, counted by consistency.
    static let listedRegisters = 16

    /// `verdict: atomic (the array's semantics: atomic)`, then a line per register (or a count per
    /// consistency when there are many), and the violations of registers weaker than `semantics`.
    func lines(semantics: String) -> [String] {
        var lines = ["verdict: \(consistency) (the array's semantics: \(semantics))"]
        let width = registers.map(\.name.count).max() ?? 0
        if registers.count <= Self.listedRegisters {
            for register in registers {
                let name = register.name + String(repeating: " ", count: width - register.name.count)
                let words = register.consistency + String(repeating: " ", count: max(0, 8 - register.consistency.count))
                lines.append("  register \(name)  \(words)  \(register.operations) operations")
            }
        } else {
            let order = ["atomic", "regular", "safe", "none", "unknown"]
            let counts = order.compactMap { level -> String? in
                let count = registers.filter { $0.consistency == level }.count
                return count > 0 ? "\(count) \(level)" : nil
            }
            lines.append("  \(registers.count) registers: " + counts.joined(separator: ", "))
        }
        let weaker = registers.filter { Self.strength($0.consistency) < Self.strength(semantics) }
        for register in weaker.prefix(Self.listedRegisters) {
            for violation in register.violations.prefix(3) {
                lines.append("  register \(register.name): \(violation)")
            }
        }
        return lines
    }
}
