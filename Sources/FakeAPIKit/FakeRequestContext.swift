public import Hummingbird
public import NIOCore

/// The request context of a fake: Hummingbird's basic context plus the connection's channel, which
/// fault injection closes to drop a connection without answering.
public struct FakeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
    }

    /// Closes the connection without an answer; throw the returned error from the responder.
    ///
    /// Closing the channel first means Hummingbird's attempt to answer the thrown error fails to write,
    /// so the client sees the connection close with no response at all.
    public func dropConnection() async -> DroppedConnection {
        try? await channel.close().get()
        return DroppedConnection()
    }
}

/// Thrown after the connection of a request was closed on purpose, so that nothing is answered.
public struct DroppedConnection: Error, CustomStringConvertible {
    public init() {}

    public var description: String { "Fault injection dropped the connection." }
}

/// What a fake answers to one request, or that it drops the connection instead.
public enum ResponderOutcome: Sendable {
    case response(Response)
    case dropConnection
}
