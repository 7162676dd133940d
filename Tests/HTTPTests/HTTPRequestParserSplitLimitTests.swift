import Testing
@testable import HTTP

/// Limits must not depend on how the bytes arrive: found by `Fuzz/run.sh` (fuzz-http-parser), which
/// parses every input both in random pieces and at once.
@Suite struct HTTPRequestParserSplitLimitTests {
    let small = Limits(requestLine: 64, headerSection: 256, headerCount: 4, body: 100)

    /// Every split gives the outcome of the whole input.
    func expectSplitInvariant(_ input: [UInt8], limits: Limits, sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = parse([input], limits: limits)
        for pieces in splits(of: input) {
            let outcome = parse(pieces, limits: limits)
            #expect(sameIgnoringContinue(outcome, whole), "cut \(pieces.map(\.count))", sourceLocation: sourceLocation)
        }
    }

    /// A head of "Host: x" and a field line `X: …` whose field lines take `size` bytes, CRLFs included.
    func head(fieldBytes size: Int) -> String {
        "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: size - 9 - 5) + "\r\n"
    }

    @Test func headerSectionExactlyAtTheLimitIsAcceptedWhenItsFinalCRArrivesAlone() {
        let fits = bytes(head(fieldBytes: 256) + "\r\n")
        #expect(parse([Array(fits.dropLast()), [fits.last!]], limits: small).requests.count == 1)
        expectSplitInvariant(fits, limits: small)
        let over = bytes(head(fieldBytes: 257) + "\r\n")
        #expect(parse([over], limits: small).error?.status == .requestHeaderFieldsTooLarge)
        expectSplitInvariant(over, limits: small)
    }

    @Test func trailerSectionExactlyAtTheLimitIsAcceptedWhenItsFinalCRArrivesAlone() {
        let start = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n"
        let fits = bytes(start + "T: " + String(repeating: "t", count: 256 - 5) + "\r\n\r\n")
        #expect(parse([Array(fits.dropLast()), [fits.last!]], limits: small).requests.first?.body == bytes("z"))
        expectSplitInvariant(fits, limits: small)
        let over = bytes(start + "T: " + String(repeating: "t", count: 256 - 4) + "\r\n\r\n")
        #expect(parse([over], limits: small).error?.status == .requestHeaderFieldsTooLarge)
        expectSplitInvariant(over, limits: small)
    }

    @Test func chunkSizeLineLimitHoldsWhenTheLineArrivesWhole() {
        func wire(lineBytes: Int) -> [UInt8] {
            let line = "1;x=" + String(repeating: "e", count: lineBytes - 4)
            return bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + line + "\r\nz\r\n0\r\n\r\n")
        }
        let longest = ChunkedBody.maxLine
        let fits = wire(lineBytes: longest), over = wire(lineBytes: longest + 1)
        #expect(parse([fits]).requests.first?.body == bytes("z"))
        #expect(parse([over]).error?.status == .badRequest)
        // Cut before the chunk-size line's last byte, before its CR, between CR and LF, after the LF.
        for offset in [-1, 0, 1, 2] {
            let fitsCut = fits.count - 10 + offset, overCut = over.count - 10 + offset
            #expect(parse([Array(fits[..<fitsCut]), Array(fits[fitsCut...])]).requests.first?.body == bytes("z"), "cut \(fitsCut)")
            #expect(parse([Array(over[..<overCut]), Array(over[overCut...])]).error?.status == .badRequest, "cut \(overCut)")
        }
    }

    /// The input the fuzzer found, without its three control bytes (small limits, single bytes):
    /// 256 bytes of field lines, then the final CRLF, a complete request and garbage.
    @Test func fuzzFoundHeadAtTheLimitParsesTheSameInPieces() {
        let hex = """
            474554202f6120485454502f312e310d0a486f73743a20780d0a436f6e74656e742d654c6e6774683a436f6e74656e742d4c6a6e6774683a202cffffffffffffff092cffff0d0a436f6e74656e742d654c676e74683a436f6e74656e742d4c6a6e6774683a202cffffffffffffff092cffff332c2033ffffffffffffffffb92c20ffff4c652c2cff33ff33202cffffff2048ffffffffb92c20ffff4c652c2cff33ff33202cffffff2048454144ffffffff2cffffffffffffff092cffff20332c2033505554204144ffffffff2cffffffffffffff092cff332c2033ffffffffffffffffb92c20ffff4c652c2cff33ff33202cffffff2048454144ffffffff2cffffffffffffff092cffff20332c20330d0a0d0a61a50d0a
            """
        var input: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            input.append(UInt8(ByteClass.hexValue(high)! << 4 | ByteClass.hexValue(low)!))
        }
        let whole = parse([input], limits: small)
        #expect(whole.requests.map(\.target) == ["/a"])
        #expect(whole.error?.status == .badRequest)
        expectSplitInvariant(input, limits: small)
    }
}
