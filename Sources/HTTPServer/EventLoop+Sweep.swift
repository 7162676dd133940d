#if canImport(Glibc)
import Glibc
#endif
import HTTP

// Deadlines, checked by a coarse sweep instead of a timer per request; and shutdown.
extension EventLoop {
    /// Connections a sweep answers 408 or closes at most: hundreds of slow clients opened together
    /// expire together, and ending them all at once would stall every other connection of the loop
    /// for milliseconds.
    static let sweepBudget = 32

    /// Ends the connections past their deadlines, `sweepBudget` at most. True when it stopped at
    /// the budget: the loop sweeps again as soon as it has served what is ready meanwhile.
    func sweep() -> Bool {
        resumeAcceptingIfDue()
        let limits = server.configuration.limits
        let headerDeadline = Int64(limits.headerDeadline * 1e9)
        let idleTimeout = Int64(limits.idleTimeout * 1e9)
        var budget = Self.sweepBudget
        for connection in active {
            guard budget > 0 else { return true }
            let before = connection.state
            defer { if connection.state != before { budget -= 1 } }
            switch connection.state {
            case .reading:
                let quiet = now - connection.lastActivity
                switch connection.parser.phase {
                case .head:
                    if connection.headStartedAt != 0 && now - connection.headStartedAt > headerDeadline {
                        sendError(connection, HTTPParseError(.requestTimeout, "request head not received in time"))
                    }
                case .body:
                    // Apache's mod_reqtimeout rule: a fixed allowance, then a minimum rate.
                    let allowed = limits.bodyDeadline + Double(connection.bodyBytes) / limits.minimumBodyRate
                    if quiet > idleTimeout {
                        sendError(connection, HTTPParseError(.requestTimeout, "request body stalled"))
                    } else if connection.bodyStartedAt != 0, Double(now - connection.bodyStartedAt) / 1e9 > allowed {
                        sendError(connection, HTTPParseError(.requestTimeout, "request body arrived too slowly"))
                    }
                case .idle:
                    // A new connection gets the header deadline to start its first request.
                    let allowed = connection.requestsServed == 0 ? min(headerDeadline, idleTimeout) : idleTimeout
                    if quiet > allowed || stopping { close(connection) }
                }
            case .writing:
                if now - connection.lastActivity > idleTimeout || now >= forceCloseAt { close(connection) }
            case .lingering:
                if now >= connection.lingerDeadline { close(connection) }
            case .awaiting:
                if now >= forceCloseAt { close(connection) }
            case .closed:
                break
            }
        }
        return false
    }

    /// Stops accepting, closes connections with no request in flight; the others close after
    /// their response (`stopping` turns keep-alive off). `run()` returns when none are left.
    func beginShutdown() {
        guard !stopping else { return }
        stopping = true
        forceCloseAt = now + Int64(server.configuration.shutdownGracePeriod * 1e9)
        for connection in active {
            switch connection.state {
            case .reading where connection.parser.phase != .body: close(connection)
            case .lingering: close(connection)
            default: break
            }
        }
    }
}
