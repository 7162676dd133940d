import HTTP
import FuzzerDriver

// Input layout: byte 0 picks the limits and the largest piece, bytes 1-2 seed the piece sizes, the
// rest is wire text. The wire text is fed twice, in random pieces and all at once, draining `next()`
// after every piece. Checked:
// - a request's body never exceeds `limits.body`, its header count `limits.headerCount`, and a
//   body framed by Content-Length has exactly that length;
// - after an error, every later `next()` throws the same error and no request comes out;
// - `continueExpected` comes at most once per request;
// - how the bytes are split changes nothing: the same requests, and an error in both or neither.

/// The limits under test: the defaults, and small ones so that every limit is reachable.
let limitChoices: [Limits] = [
    .default,
    Limits(requestLine: 64, headerSection: 256, headerCount: 4, body: 100),
]
/// The largest piece, per choice: single bytes, small reads, and a socket-sized read.
let pieceChoices = [1, 3, 16, 200, 65_536]

/// A request as the comparison sees it.
struct Seen: Equatable {
    var method: String
    var target: String
    var version: HTTPVersion
    var headers: [String]
    var body: [UInt8]

    init(_ request: HTTPRequest) {
        method = request.method.rawValue
        target = request.target
        version = request.version
        headers = request.headers.fields.map { "\($0.name): \($0.value)" }
        body = request.body
    }
}

struct Outcome {
    var requests: [Seen] = []
    var error: HTTPParseError?
}

/// SplitMix64: the piece sizes, reproducible from the input alone.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func check(_ request: HTTPRequest, _ limits: Limits) {
    guard request.body.count <= limits.body else {
        fatalError("body of \(request.body.count) bytes past the limit \(limits.body)")
    }
    guard request.headers.count <= limits.headerCount else {
        fatalError("\(request.headers.count) header fields past the limit \(limits.headerCount)")
    }
    guard !request.target.isEmpty else { fatalError("empty request target") }
    let lengths = request.headers.values(for: "content-length")
    if !lengths.isEmpty, request.headers["transfer-encoding"] == nil {
        // Repeated fields and empty list elements are allowed (RFC 9110 §5.6.1); the values all agree.
        let length = lengths.joined(separator: ",")
        let first = length.split(separator: ",").map { String($0).trimmingCharacters() }.first { !$0.isEmpty } ?? ""
        guard Int(first) == request.body.count else {
            fatalError("Content-Length \(length) but a body of \(request.body.count) bytes")
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

func drive(_ wire: [UInt8], pieces: [Int], limits: Limits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var offset = 0
    for piece in pieces {
        let end = min(offset + piece, wire.count)
        parser.append(contentsOf: wire[offset..<end])
        offset = end
        var continues = 0
        while true {
            let event: HTTPRequestParser.Event
            do {
                event = try parser.next()
            } catch {
                if let first = outcome.error, first != error {
                    fatalError("after \(first), next() threw a different error: \(error)")
                }
                outcome.error = error
                break
            }
            if let first = outcome.error { fatalError("next() returned \(event) after \(first)") }
            switch event {
            case .request(let request):
                check(request, limits)
                outcome.requests.append(Seen(request))
                continues = 0
            case .continueExpected:
                continues += 1
                if continues > 1 { fatalError("continueExpected twice for one request") }
            case .needMoreData:
                break
            }
            if case .needMoreData = event { break }
        }
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard size >= 3, let data else { return 0 }
    let mode = Int(data[0])
    let limits = limitChoices[mode % limitChoices.count]
    let largest = pieceChoices[(mode / limitChoices.count) % pieceChoices.count]
    var random = SplitMix(state: UInt64(data[1]) | UInt64(data[2]) << 8)
    let wire = Array(UnsafeBufferPointer(start: data + 3, count: size - 3))

    var pieces: [Int] = []
    var total = 0
    while total < wire.count {
        let piece = 1 + Int(random.next() % UInt64(largest))
        pieces.append(piece)
        total += piece
    }
    let split = drive(wire, pieces: pieces, limits: limits)
    let whole = drive(wire, pieces: [wire.count], limits: limits)

    let common = min(split.requests.count, whole.requests.count)
    let cuts = "\(pieces.count) pieces of at most \(largest) bytes"
    guard split.requests[..<common] == whole.requests[..<common] else {
        fatalError("in \(cuts), the input parsed to other requests than at once")
    }
    guard (split.error == nil) == (whole.error == nil), split.requests.count == whole.requests.count else {
        fatalError("""
            in \(cuts): \(split.requests.count) requests, error \(String(describing: split.error)); \
            at once: \(whole.requests.count) requests, error \(String(describing: whole.error))
            """)
    }
    return 0
}

/// The entry point SwiftPM links as `main`: libFuzzer's driver, with the test above.
@_cdecl("fuzz_http_parser_main")
public func fuzzHTTPParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzHTTPParser)
}
