import Testing
@testable import HTTP
import TestSupport

@Suite struct HTTPRequestParserLimitTests {
    let small = Limits(requestLine: 64, headerSection: 128, headerCount: 4, body: 16)

    @Test func requestLineAtTheLimitPassesAndOneOverIs414() {
        // "GET " + target + " HTTP/1.1" is 13 bytes besides the target.
        let fits = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(parse([bytes(fits)], limits: small).requests.count == 1)
        let over = "GET /" + String(repeating: "a", count: 64 - 13) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(parse([bytes(over)], limits: small).error?.status == .uriTooLong)
        // Without its end: refused once the limit is passed, not when the line ends.
        let endless = "GET /" + String(repeating: "a", count: 100)
        #expect(parse([bytes(endless)], limits: small).error?.status == .uriTooLong)
    }

    @Test func headerSectionOverTheLimitIs431EvenUnfinished() {
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "b", count: 200)
        #expect(parse([bytes(big)], limits: small).error?.status == .requestHeaderFieldsTooLarge)
        #expect(parse([bytes(big + "\r\n\r\n")], limits: small).error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func headerCountOverTheLimitIs431() {
        let four = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 1\r\nC: 1\r\n\r\n"
        #expect(parse([bytes(four)], limits: small).requests.count == 1)
        let five = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n"
        #expect(parse([bytes(five)], limits: small).error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func bodyLimitHoldsForContentLengthAndChunked() {
        let fits = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n" + String(repeating: "x", count: 16)
        #expect(parse([bytes(fits)], limits: small).requests.count == 1)
        let over = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n"
        #expect(parse([bytes(over)], limits: small).error?.status == .contentTooLarge)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n9\r\n"
        #expect(parse([bytes(chunked)], limits: small).error?.status == .contentTooLarge)
    }

    @Test func trailersCountTowardsTheHeaderLimit() {
        let wire = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: " + String(repeating: "t", count: 200)
        #expect(parse([bytes(wire)], limits: small).error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func manyHeadersAndHugeLinesWithDefaultLimits() {
        let many = "GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-A: 1\r\n", count: 2000) + "\r\n"
        #expect(parse([bytes(many)]).error?.status == .requestHeaderFieldsTooLarge)
        let huge = "GET /" + String(repeating: "a", count: 20000) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(parse([bytes(huge)]).error?.status == .uriTooLong)
        let fat = "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + String(repeating: "b", count: 40000) + "\r\n\r\n"
        #expect(parse([bytes(fat)]).error?.status == .requestHeaderFieldsTooLarge)
    }

    /// Random bytes never crash the parser, and it either needs more data, returns requests, or
    /// throws one of its statuses.
    @Test(arguments: [1, 2, 3, 42, 4711])
    func randomBytesNeverCrash(seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        let statuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]
        for round in 0..<200 {
            var input: [UInt8] = []
            let length = Int(generator.next() % 600)
            // Half the rounds start like a real request, so the deeper states are reached too.
            if round % 2 == 0 { input = bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") }
            let alphabet = bytes("\r\n :;0123456789abcdefGET/HTTP\u{0}\t\u{FF}")
            for _ in 0..<length {
                input.append(generator.next() % 3 == 0 ? UInt8(truncatingIfNeeded: generator.next())
                                                       : alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            let outcome = parse([input], limits: small)
            if let error = outcome.error {
                #expect(statuses.contains(error.status.rawValue), "seed \(seed) round \(round): \(error)")
            }
        }
    }
}

