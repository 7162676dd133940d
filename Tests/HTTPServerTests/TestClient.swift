import Foundation
import Glibc

/// A blocking loopback client that sends raw bytes and reads raw responses, with a receive
/// timeout so a hanging server fails the test instead of stalling it.
final class TestClient {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var sawEOF = false

    init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw ClientError(description: "connect errno \(errno)")
        }
        setTimeout(timeout)
    }

    private var closed = false

    deinit { closeNow() }

    func closeNow() {
        guard !closed else { return }
        closed = true
        close(fd)
    }

    func setTimeout(_ seconds: Double) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }  // the server may close early (413); the test checks the answer
            offset += sent
        }
    }

    /// Reads more bytes; false on end of file, timeout or error.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 {
            if count == 0 || errno == ECONNRESET { sawEOF = true }
            return false
        }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response (interim ones too). `head` says the request was HEAD (no body follows).
    func readResponse(head: Bool = false) throws -> Response {
        var end: Int?
        while true {
            if let found = findHeadEnd() { end = found; break }
            guard fill() else { throw ClientError(description: "no complete response (eof: \(sawEOF), buffered: \(String(decoding: buffer, as: UTF8.self).debugDescription))") }
        }
        guard let end else { throw ClientError(description: "unreachable") }
        let headText = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line \(statusLine)")
        }
        let headers = lines.map { line -> (String, String) in
            let pieces = line.split(separator: ":", maxSplits: 1)
            return (String(pieces[0]), pieces.count > 1 ? String(pieces[1]).trimmingCharacters(in: .whitespaces) : "")
        }
        var response = Response(status: status, headers: headers, body: [])
        if status >= 200 && status != 204 && !head {
            let length = Int(response.header("Content-Length") ?? "") ?? 0
            while buffer.count < length {
                guard fill() else { throw ClientError(description: "short body") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        return response
    }

    /// True if the server closes the connection (end of file) within the receive timeout, with no
    /// more bytes sent.
    func isClosedByServer() -> Bool {
        while true {
            if !buffer.isEmpty { return false }
            if !fill() { return sawEOF }
        }
    }

    /// True if the server has sent something (or closed) that is not read yet; does not wait.
    func hasPendingInput() -> Bool {
        if !buffer.isEmpty { return true }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// True if nothing more arrives within the receive timeout (end of file counts as nothing).
    func receivesNothingMore() -> Bool {
        buffer.isEmpty && !fill()
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10
            && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}

