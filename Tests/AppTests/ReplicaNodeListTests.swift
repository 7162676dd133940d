@testable import App
import Testing

@Suite struct ReplicaNodeListTests {
    @Test func blanksAroundEntriesAreIgnored() throws {
        let addresses = try ReplicaNodes.parse(" 127.0.0.1:9001,\t10.0.0.2:9002\u{00A0}").get()
        #expect(addresses == [.init(host: "127.0.0.1", port: 9001), .init(host: "10.0.0.2", port: 9002)])
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:0", ":9001", "a:1,a:1", "a:1,"])
    func malformedOrRepeatedEntriesAreRefused(list: String) {
        #expect(throws: AppError.self) { try ReplicaNodes.parse(list).get() }
    }

    @Test func trimmingBlanksKeepsLineBreaksAndInnerSpaces() {
        #expect(" \ta b\u{2003} ".trimmingBlanks() == "a b")
        #expect("\na\n".trimmingBlanks() == "\na\n")
        #expect(" \t ".trimmingBlanks() == "")
    }
}
