extension HTTPRequest {
    /// Whether the client lets the connection persist after this request (RFC 9112 §9.3):
    /// HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        version == .http1_1 ? !headers.connectionOptionsContain("close") : headers.connectionOptionsContain("keep-alive")
    }
}

extension HTTPHeaders {
    /// Whether a `Connection` field lists `option`. Asked of every request and response, so it
    /// goes over the fields in place rather than collecting the Connection values into an array.
    func connectionOptionsContain(_ option: String) -> Bool {
        fields.contains { $0.name.caseInsensitiveEquals("connection") && Self.listContains($0.value, option) }
    }

    /// Whether the comma-separated `value` holds `token` (case-insensitive).
    static func listContains(_ value: String, _ token: String) -> Bool {
        if value.caseInsensitiveEquals(token) { return true }
        return value.split(separator: ",").contains { $0.trimmingWhitespace().caseInsensitiveEquals(token) }
    }
}

extension HTTPResponse {
    /// Whether the response itself asks to close the connection (`Connection: close`).
    public var closesConnection: Bool {
        headers.connectionOptionsContain("close")
    }
}
