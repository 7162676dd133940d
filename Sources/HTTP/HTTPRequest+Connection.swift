extension HTTPRequest {
    /// Whether the client lets the connection persist after this request (RFC 9112 §9.3):
    /// HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let options = headers.values(for: "connection")
        if version == .http1_1 {
            return !options.contains { HTTPHeaders.listContains($0, "close") }
        }
        return options.contains { HTTPHeaders.listContains($0, "keep-alive") }
    }
}

extension HTTPHeaders {
    /// Whether the comma-separated `value` holds `token` (case-insensitive).
    static func listContains(_ value: String, _ token: String) -> Bool {
        if value.caseInsensitiveEquals(token) { return true }
        return value.split(separator: ",").contains { $0.trimmingWhitespace().caseInsensitiveEquals(token) }
    }
}

extension HTTPResponse {
    /// Whether the response itself asks to close the connection (`Connection: close`).
    public var closesConnection: Bool {
        headers.values(for: "connection").contains { HTTPHeaders.listContains($0, "close") }
    }
}
