import Hummingbird
import NIOCore

/// The request context of the fake: Hummingbird's basic context plus the connection's channel, which
/// fault injection closes to drop a connection without answering.
struct FakeIntercomRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
    }
}
