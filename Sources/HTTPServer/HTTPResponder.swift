import HTTP

/// The application: answers each request.
public protocol HTTPResponder: Sendable {
    /// Called once per request, in order per connection: the next request on a connection is
    /// parsed only after this one's response is written. May call `respond` later, from any thread
    /// (the app answers after a database group commit); must call it exactly once (later calls are
    /// ignored). For HEAD, answer as for GET: the server writes the headers and drops the body.
    func respond(to request: HTTPRequest, connection: ConnectionInfo,
                 _ respond: @escaping @Sendable (HTTPResponse) -> Void)

    /// Called on an event loop's thread after it has handled a batch of events, before it waits
    /// for more: a responder that holds work back to batch it (the app's group commit) does it
    /// here. Returns true when more such work is pending; the loop then only polls for events and
    /// calls this again.
    func eventsHandled() -> Bool
}

extension HTTPResponder {
    public func eventsHandled() -> Bool { false }
}

/// Who is on the other end of a request's connection.
public struct ConnectionInfo: Sendable, Hashable {
    /// Unique per server run; the same for every request on one connection.
    public let id: UInt64
    /// The peer as `address:port` (`[address]:port` for IPv6).
    public let remoteAddress: String

    public init(id: UInt64, remoteAddress: String) {
        self.id = id
        self.remoteAddress = remoteAddress
    }
}
