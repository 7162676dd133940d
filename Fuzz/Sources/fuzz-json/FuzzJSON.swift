import JSON
import FuzzerDriver

/// Any bytes: `JSON.parse` returns a document or throws a `JSONError`, never traps. A document it
/// returns serializes to text that parses back to an equal document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let document = try? JSON.parse(bytes) else { return 0 }
    let text = document.serializedBytes()
    guard let again = try? JSON.parse(text) else {
        fatalError("serialized document does not parse: \(String(decoding: text, as: UTF8.self))")
    }
    guard again == document else {
        fatalError("round trip changed the document: \(String(decoding: text, as: UTF8.self))")
    }
    return 0
}

/// The entry point SwiftPM links as `main`: libFuzzer's driver, with the test above.
@_cdecl("fuzz_json_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzJSON)
}
