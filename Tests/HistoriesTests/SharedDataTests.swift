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
}
