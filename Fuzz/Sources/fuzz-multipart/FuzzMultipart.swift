import HTTP
import FuzzerDriver

/// Input: a content-type line, LF, then the body. The boundary comes from the content type as the
/// app does it; when there is none, the first bytes of the body line up as one so parsing is reached.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Array(bytes[min(newline + 1, bytes.count)...])
    let boundary = MultipartFormData.boundary(contentType: contentType) ?? String(decoding: bytes.prefix(8), as: UTF8.self)
    if let form = MultipartFormData(body: body, boundary: boundary) {
        var total = 0
        for part in form.parts { total += part.body.count }
        guard total <= body.count else { fatalError("parts hold more bytes than the body") }
    }
    return 0
}

/// The entry point SwiftPM links as `main`: libFuzzer's driver, with the test above.
@_cdecl("fuzz_multipart_main")
public func fuzzMultipartMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzMultipart)
}
