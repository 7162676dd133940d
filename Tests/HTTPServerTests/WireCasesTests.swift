import Foundation
import HTTP
import HTTPServer
import Testing

/// Every case of shared/data/http/cases.json against a running server (see its README.md).
@Suite struct WireCasesTests {
    struct WireCase: Sendable, CustomTestStringConvertible {
        var name: String
        var request: [UInt8]
        var then: [UInt8]?
        var expect: [Int]
        var interim: Int?
        var responses: Int
        var close: Bool
        var isHead: Bool
        var testDescription: String { name }
    }

    /// package root/../shared/data/http/cases.json, found from this file's path.
    static let casesURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/http/cases.json")

    static func latin1(_ text: String) -> [UInt8] { text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }

    static func loadCases() -> [WireCase] {
        guard let data = try? Data(contentsOf: casesURL),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.map { entry in
            var text = entry["request"] as? String ?? ""
            if let fill = entry["fill"] as? String, let count = entry["count"] as? Int {
                text = text.replacingOccurrences(of: "@@", with: String(repeating: fill, count: count))
            }
            return WireCase(name: entry["name"] as? String ?? "?", request: latin1(text),
                            then: (entry["then"] as? String).map(latin1),
                            expect: entry["expect"] as? [Int] ?? [], interim: entry["interim"] as? Int,
                            responses: entry["responses"] as? Int ?? 1, close: entry["close"] as? Bool ?? false,
                            isHead: text.hasPrefix("HEAD "))
        }
    }

    @Test func casesFileIsFound() {
        #expect(Self.loadCases().count >= 30, "\(Self.casesURL.path)")
    }

    @Test(arguments: loadCases())
    func wireCase(_ wireCase: WireCase) async throws {
        try await withServer { _, port in
            let client = try TestClient(port: port)
            client.send(wireCase.request)
            if let interim = wireCase.interim {
                client.setTimeout(1)
                #expect(try client.readResponse().status == interim)
                client.setTimeout(5)
            }
            if let then = wireCase.then { client.send(then) }
            for index in 0..<wireCase.responses {
                let response = try client.readResponse(head: wireCase.isHead)
                #expect(wireCase.expect.contains(response.status), "response \(index): \(response.status)")
                if wireCase.isHead { #expect(response.header("Content-Length") == "2") }
            }
            if wireCase.close {
                #expect(client.isClosedByServer(), "server must close")
            } else {
                // Never a second, unasked-for answer.
                client.setTimeout(0.2)
                #expect(client.receivesNothingMore())
            }
            // The server still answers afterwards.
            let probe = try TestClient(port: port)
            probe.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try probe.readResponse().status == 200)
        }
    }
}
