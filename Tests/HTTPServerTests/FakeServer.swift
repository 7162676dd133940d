import Foundation
import Glibc
import HTTP
import Synchronization

/// A raw TCP server on a free loopback port that runs a script on each connection, one connection
/// at a time, so a client test can make the server misbehave exactly (close while idle, never
/// answer, answer in chunks).
final class FakeServer: Sendable {
    /// Runs for each accepted connection with its 0-based index; the connection is closed after.
    typealias Script = @Sendable (_ index: Int, _ connection: FakeConnection) -> Void

    let port: Int
    private let listener: Int32
    private let stopped = Atomic<Bool>(false)
    /// Connections accepted so far.
    private let accepted = Atomic<Int>(0)

    init(_ script: @escaping Script) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw FakeServerError.setup(errno) }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread { [self] in serve(script) }
    }

    private func serve(_ script: Script) {
        defer { close(listener) }
        while !stopped.load(ordering: .relaxed) {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            let index = accepted.wrappingAdd(1, ordering: .relaxed).oldValue
            script(index, FakeConnection(fd: fd))
            close(fd)
        }
    }

    var connectionsAccepted: Int { accepted.load(ordering: .relaxed) }

    /// Stops accepting once the current script returns; does not wait for that.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Runs `body` with a loopback port that refuses connections: bound and never listened on, and
    /// held until `body` returns. (Closed at once, the port could be handed to a test running
    /// alongside before the connection is tried.)
    static func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw FakeServerError.setup(errno) }
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }
}

enum FakeServerError: Error { case setup(Int32) }

/// One accepted connection, as a script sees it.
struct FakeConnection {
    let fd: Int32

    /// Reads one whole request (parsed by the server's own parser); nil if the client closed first
    /// or nothing came within `seconds`.
    func readRequest(seconds: Double = 5) -> HTTPRequest? {
        var parser = HTTPRequestParser()
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            if case let .request(request)? = try? parser.next() { return request }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            parser.append(contentsOf: buffer[..<count])
        }
        return nil
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// Waits until the client closes the connection (or `seconds` pass), discarding what it sends.
    func waitForClientToClose(seconds: Double = 5) {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            if recv(fd, &buffer, buffer.count, 0) <= 0 { return }
        }
    }
}
