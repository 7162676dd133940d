import Histories
import FuzzerDriver

/// First byte: which format (native, edn, jepsen-json, text, porcupine), detection, or detection alone.
/// The rest is the document. Decoding returns a history or throws `HistoryFormatError`, never traps;
/// a decoded history written as native JSON decodes back to the same history.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistories(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size > 0, let data else { return 0 }
    let selector = Int(data[0])
    let document = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let formats = HistoryFormat.allCases
    let choice = selector % (formats.count + 2)
    if choice == formats.count + 1 {
        _ = HistoryFormat.detect(document)
        return 0
    }
    let format: HistoryFormat? = choice < formats.count ? formats[choice] : nil
    guard let history = try? History.decode(document, format: format) else { return 0 }
    let native = history.nativeJSONBytes()
    let again: History
    do {
        again = try History.decode(native, format: .native)
    } catch {
        fatalError("native JSON of a decoded history does not decode: \(error)\n\(String(decoding: native, as: UTF8.self))")
    }
    guard again == history else {
        fatalError("native round trip changed the history:\n\(String(decoding: native, as: UTF8.self))")
    }
    return 0
}

/// The entry point SwiftPM links as `main`: libFuzzer's driver, with the test above.
@_cdecl("fuzz_histories_main")
public func fuzzHistoriesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzHistories)
}
