#if canImport(Glibc)
import Glibc
#endif
import HTTP

// Accepting connections (loop 0 only) and adopting them (every loop).
extension EventLoop {
    /// Accepts pending connections and deals them round-robin to the loops, so a burst of
    /// connections is spread over all threads.
    func acceptConnections() {
        guard listener >= 0, !stopping else { return }
        for _ in 0..<64 {
            let accepted: (fd: Int32, remote: String)?
            do {
                accepted = try SystemCalls.accept(listener)
            } catch {
                // Out of descriptors (EMFILE) and the like: the listener stays readable, so stop
                // watching it for a moment instead of spinning.
                pauseAccepting()
                return
            }
            guard let (fd, remote) = accepted else { return }
            let id = server.nextConnectionID.wrappingAdd(1, ordering: .relaxed).oldValue
            let limit = server.configuration.limits.maxConnections
            let open = server.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > limit {
                server.openConnections.wrappingSubtract(1, ordering: .relaxed)
                adopt(fd: fd, remote: remote, id: id, rejected: true)
                continue
            }
            let target = peers.isEmpty ? self : peers[nextAcceptTarget % peers.count]
            nextAcceptTarget &+= 1
            if target === self {
                adopt(fd: fd, remote: remote, id: id, rejected: false)
            } else {
                target.post(.adopt(fd: fd, remote: remote, id: id, rejected: false))
            }
        }
    }

    private func pauseAccepting() {
        acceptPausedUntil = now + 100_000_000
    }

    /// Re-arms the listener after a pause (called from the sweep).
    func resumeAcceptingIfDue() {
        guard acceptPausedUntil != 0, now >= acceptPausedUntil, !stopping, listener >= 0 else { return }
        acceptPausedUntil = 0
    }

    func adopt(fd: Int32, remote: String, id: UInt64, rejected: Bool) {
        if stopping {
            Glibc.close(fd)
            if !rejected { server.openConnections.wrappingSubtract(1, ordering: .relaxed) }
            return
        }
        let connection = Connection(fd: fd, info: ConnectionInfo(id: id, remoteAddress: remote),
                                    limits: server.configuration.limits, rejected: rejected, now: now)
        connection.slot = active.count
        active.append(connection)
        guard watch(connection) else {
            close(connection)
            return
        }
        if rejected {
            // Past maxConnections: answer 503 and close, never leave the client hanging.
            sendError(connection, HTTPParseError(.serviceUnavailable, "too many connections"))
        } else {
            process(connection)
        }
    }
}
