import Dispatch
import Foundation
import Histories
import Testing
@testable import Checker

/// The shared histories of `shared/data` get the verdicts in their EXPECTED.tsv files.
@Suite struct ConformanceTests {
    /// `shared/data`, beside the package root (as in CI, where shared/ sits next to the clone).
    static let dataRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Rows of a tab-separated file with a header, as dictionaries.
    static func table(_ path: String) -> [[String: String]] {
        guard let text = try? String(contentsOf: dataRoot.appendingPathComponent(path), encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func load(_ path: String, options: HistoryDecodingOptions = .init()) throws -> History {
        let data = try Data(contentsOf: dataRoot.appendingPathComponent(path))
        return try History.decode([UInt8](data), options: options)
    }

    static func options(seconds: UInt64) -> CheckOptions {
        let start = DispatchTime.now().uptimeNanoseconds
        return CheckOptions(
            now: { DispatchTime.now().uptimeNanoseconds }, deadline: start + seconds * 1_000_000_000,
            parallel: false)
    }

    @Test func levelsHistoriesGetTheirExpectedLevels() throws {
        let rows = Self.table("levels/EXPECTED.tsv")
        #expect(rows.count == 400)
        for row in rows {
            let file = row["file"] ?? ""
            let history = try Self.load("levels/" + file)
            let verdict = Checker.check(history, options: Self.options(seconds: 30))
            let reg = try #require(verdict.registers.first, "\(file)")
            #expect(reg.atomic == (row["atomic"] == "true"), "\(file) atomic")
            #expect(reg.regular == (row["regular"] == "true"), "\(file) regular")
            #expect(reg.safe == (row["safe"] == "true"), "\(file) safe")
            if let order = reg.linearization {
                #expect(WitnessValidator.isValid(order, for: history), "\(file) witness \(order)")
            }
            for violation in reg.violations {
                let problem = CounterexampleValidator.problem(violation, in: history)
                #expect(problem == nil, "\(file): \(problem ?? "")")
            }
        }
    }

    @Test func knossosDerivedRegistersGetTheirExpectedAtomicity() throws {
        let rows = Self.table("register/EXPECTED.tsv")
        #expect(rows.count == 120)
        for row in rows {
            let file = row["file"] ?? ""
            let history = try Self.load("register/" + file)
            try Self.expectAtomicity(history, expected: row["atomic"] == "true", file: file)
        }
    }

    @Test func knossosCasRegistersGetTheirExpectedLinearizability() throws {
        let rows = Self.table("knossos/EXPECTED.tsv")
        #expect(rows.count == 120)
        for row in rows {
            let file = row["file"] ?? ""
            let history = try Self.load("knossos/" + file, options: .init(model: .casRegister, initial: .int(0)))
            #expect(history.model == .casRegister)
            try Self.expectAtomicity(history, expected: row["linearizable"] == "true", file: file)
        }
    }

    static func expectAtomicity(_ history: History, expected: Bool, file: String) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let verdict = Checker.check(history, options: Self.options(seconds: 60))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if seconds > 1 { print("slow: \(file) \(seconds) s") }
        for reg in verdict.registers {
            #expect(reg.atomic != nil, "\(file) undecided: \(reg.unknownReason ?? "")")
            if let order = reg.linearization {
                let ops = history.operations.filter { $0.register == reg.register }
                let sub = History(model: history.model, initial: history.initial, operations: ops)
                #expect(WitnessValidator.isValid(order, for: sub), "\(file) witness")
            }
            for violation in reg.violations {
                #expect(violation.minimal, "\(file) counterexample not minimal")
                #expect(!violation.operations.isEmpty && !violation.message.isEmpty, "\(file)")
            }
        }
        #expect(verdict.registers.allSatisfy { $0.atomic == true } == expected, "\(file) expected atomic \(expected)")
    }
}
