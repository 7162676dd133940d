import HTTP

/// The optional shared secret that guards every request that changes state (`--token` or
/// `REGISTRAR_TOKEN`): `Authorization: Bearer <token>`. Reads stay open.
struct AccessToken: Sendable {
    private let secret: [UInt8]

    init?(_ token: String?) {
        guard let token, !token.isEmpty else { return nil }
        secret = Array(token.utf8)
    }

    /// Whether `request` may proceed: methods that only read always may.
    func permits(_ request: HTTPRequest) -> Bool {
        if request.method == .get || request.method == .head { return true }
        guard let header = request.headers["Authorization"] else { return false }
        let prefix = "bearer "
        guard header.utf8.count > prefix.utf8.count,
              header.prefix(prefix.count).lowercased() == prefix
        else { return false }
        return Self.constantTimeEquals(Array(header.utf8.dropFirst(prefix.utf8.count)), secret)
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about how
    /// much of a guess was right.
    static func constantTimeEquals(_ candidate: [UInt8], _ secret: [UInt8]) -> Bool {
        // The length may show (it does in any scheme); the content may not.
        var difference: UInt8 = candidate.count == secret.count ? 0 : 1
        for index in 0..<secret.count {
            let byte = index < candidate.count ? candidate[index] : 0
            difference |= byte ^ secret[index]
        }
        return difference == 0
    }
}
