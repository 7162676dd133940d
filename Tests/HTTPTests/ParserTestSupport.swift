@testable import HTTP

/// The outcome of feeding bytes to a parser: the requests, whether a 100-continue was signalled,
/// and the error if any.
struct ParseOutcome: Equatable {
    var requests: [RequestSummary] = []
    var continues = 0
    var error: HTTPParseError?
}

/// The parts of a request the tests compare.
struct RequestSummary: Equatable {
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

/// Feeds `pieces` one after another, draining the parser after each.
func parse(_ pieces: [[UInt8]], limits: Limits = .default) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome()
    for piece in pieces {
        parser.append(contentsOf: piece)
        do {
            loop: while true {
                switch try parser.next() {
                case .request(let request): outcome.requests.append(RequestSummary(request))
                case .continueExpected: outcome.continues += 1
                case .needMoreData: break loop
                }
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Every way to cut `input` in two, plus byte by byte.
func splits(of input: [UInt8]) -> [[[UInt8]]] {
    var result: [[[UInt8]]] = [[input]]
    for cut in 0...input.count {
        result.append([Array(input[..<cut]), Array(input[cut...])])
    }
    result.append(input.map { [$0] })
    return result
}

/// Outcomes ignore how often 100-continue was signalled (it depends on where the body was cut).
func sameIgnoringContinue(_ a: ParseOutcome, _ b: ParseOutcome) -> Bool {
    a.requests == b.requests && a.error?.status == b.error?.status
}
