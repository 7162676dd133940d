import Foundation
import Testing
import Histories

/// Every real history in `../shared/data` decodes, with the operation counts its EXPECTED.tsv states.
@Suite struct SharedDataTests {
    @Test func knossosDerivedNativeHistoriesDecodeWithExpectedCounts() throws {
        let expected = try SharedData.expected("register/EXPECTED.tsv")
        var checked = 0
        for verdict in ["good", "bad"] {
            let files = try SharedData.files(in: "register/knossos-derived/\(verdict)", suffix: ".json")
            #expect(!files.isEmpty)
            for file in files {
                let bytes = try SharedData.bytes(file)
                #expect(HistoryFormat.detect(bytes) == .native, "\(file.lastPathComponent)")
                let history = try History.decode(bytes)
                #expect(history.model == .register)
                #expect(history.initial == .int(0))
                if let row = expected["knossos-derived/\(verdict)/\(file.lastPathComponent)"], let count = row["operations"].flatMap({ Int($0) }) {
                    #expect(history.operations.count == count, "\(file.lastPathComponent)")
                    checked += 1
                }
                #expect(try History.decode(history.nativeJSONBytes()) == history)
            }
        }
        #expect(checked == 120)
    }

    @Test func levelHistoriesDecodeWithExpectedCounts() throws {
        let expected = try SharedData.expected("levels/EXPECTED.tsv")
        let files = try SharedData.files(in: "levels", suffix: ".json")
        #expect(files.count == 400)
        var checked = 0
        for file in files {
            let history = try History.decode(try SharedData.bytes(file))
            if let count = expected[file.lastPathComponent]?["operations"].flatMap({ Int($0) }) {
                #expect(history.operations.count == count, "\(file.lastPathComponent)")
                checked += 1
            }
        }
        #expect(checked == 400)
    }

    @Test func knossosEDNHistoriesDecode() throws {
        let expected = try SharedData.expected("knossos/EXPECTED.tsv")
        var decoded = 0
        for verdict in ["good", "bad"] {
            for file in try SharedData.files(in: "knossos/cas-register/\(verdict)", suffix: ".edn") {
                let bytes = try SharedData.bytes(file)
                #expect(HistoryFormat.detect(bytes) == .edn, "\(file.lastPathComponent)")
                let history = try History.decode(bytes, options: .init(model: .casRegister, initial: .int(0)))
                #expect(history.model == .casRegister)
                #expect(history.operations.allSatisfy { $0.register == History.defaultRegister }, "\(file.lastPathComponent)")
                let row = try #require(expected["cas-register/\(verdict)/\(file.lastPathComponent)"])
                // EXPECTED counts invocations; unknown reads (`:ok` reads of nil) are dropped on decoding.
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                let isRegisterOp = { (line: Substring) in [":f :read", ":f :write", ":f :cas"].contains { line.contains($0) } }
                let invocations = lines.filter { $0.contains(":type :invoke") && isRegisterOp($0) }.count
                let unknownReads = lines.filter { $0.contains(":type :ok") && $0.contains(":f :read") && $0.contains(":value nil") }.count
                #expect(row["operations"] == String(invocations), "\(file.lastPathComponent)")
                #expect(history.operations.count + unknownReads == invocations, "\(file.lastPathComponent)")
                decoded += 1
            }
        }
        #expect(decoded == 120)
    }
}
