import Synchronization

/// What every event loop of one server shares.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    /// Accepted connections not yet closed, refused ones excluded.
    let openConnections = Atomic<Int>(0)
    let nextConnectionID = Atomic<UInt64>(1)

    init(configuration: ServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }
}
