public import Foundation
import Hummingbird
public import Logging
import NIOCore

/// A running fake Intercom (REST API 2.16, conversations read path).
///
/// Binds 127.0.0.1 on port 0 (or a given port) and reports the real port in ``baseURL``.
public final class FakeIntercomServer: Sendable {
    /// Where the fake listens, e.g. `http://127.0.0.1:53211`.
    public let baseURL: URL
    private let state: ServerState

    init(baseURL: URL, state: ServerState) {
        self.baseURL = baseURL
        self.state = state
    }

    /// A snapshot of the requests served so far.
    public var stats: RequestStats { state.stats }

    /// Sets every request count back to zero.
    public func resetStats() {
        state.resetStats()
    }

    /// Lets the next `count` authenticated requests through, then holds every later one unanswered
    /// until ``releaseHeld()`` — a client stuck mid-page, for shutdown tests. Call ``releaseHeld()``
    /// before the server stops.
    public func hold(after count: Int) {
        state.hold(after: count)
    }

    /// Answers every held request, and holds no more.
    public func releaseHeld() {
        state.releaseHeld()
    }

    /// Requests being held right now.
    public var heldRequests: Int { state.heldCount }

    /// Makes the next `count` authenticated requests answer 429 `rate_limit_exceeded`; with
    /// `resetAfter`, their `X-RateLimit-Reset` is that many seconds from now (a client that honours it
    /// waits that long) instead of the end of the 10-second window.
    public func force429(next count: Int, resetAfter seconds: Int? = nil) {
        state.force429(next: count, resetAfter: seconds.map(Int64.init))
    }

    /// A logger that only reports critical problems: the server's own start and stop lines (and the
    /// cancellation noise of shutting it down) stay out of test and demo output.
    public static var quietLogger: Logger {
        var logger = Logger(label: "fake-intercom")
        logger.logLevel = .critical
        return logger
    }

    /// Starts the server, runs `body` with the running server, then shuts it down (also on error or
    /// cancellation).
    public static func withRunning<T: Sendable>(
        _ configuration: FakeIntercomConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger = quietLogger,
        _ body: (FakeIntercomServer) async throws -> T
    ) async throws -> T {
        let state = ServerState(rateLimitPerWindow: configuration.rateLimitPerWindow, faults: configuration.faults)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = makeApplication(
            configuration,
            host: host,
            port: port,
            state: state,
            logger: logger,
            ports: portContinuation
        )
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await application.run()
            }
            defer { group.cancelAll() }
            guard let boundPort = await ports.first(where: { _ in true }) else {
                try await group.waitForAll()
                throw Task.isCancelled ? CancellationError() : ServerStartError()
            }
            return try await body(FakeIntercomServer(baseURL: baseURL(host: host, port: boundPort), state: state))
        }
    }

    /// Runs until cancelled, calling `onStarted` once the port is bound (used by the
    /// `ingest fake-intercom` command).
    public static func run(
        _ configuration: FakeIntercomConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger,
        onStarted: @Sendable (URL) async -> Void
    ) async throws {
        try await withRunning(configuration, host: host, port: port, logger: logger) { server in
            logger.info("Fake Intercom listening", metadata: ["http.url": "\(server.baseURL.absoluteString)"])
            await onStarted(server.baseURL)
            while true { try await Task.sleep(for: .seconds(3_600)) }
        }
    }

    private static func makeApplication(
        _ configuration: FakeIntercomConfiguration,
        host: String,
        port: Int,
        state: ServerState,
        logger: Logger,
        ports: AsyncStream<Int>.Continuation
    ) -> Application<FakeIntercomResponder> {
        Application(
            responder: FakeIntercomResponder(configuration: configuration, state: state, logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                ports.yield(channel.localAddress?.port ?? port)
            },
            logger: logger
        )
    }

    private static func baseURL(host: String, port: Int) -> URL {
        let authority = host.contains(":") ? "[\(host)]" : host
        guard let url = URL(string: "http://\(authority):\(port)") else {
            preconditionFailure("invalid fake Intercom host")
        }
        return url
    }
}

/// The server stopped before binding its port without reporting an error.
struct ServerStartError: Error, CustomStringConvertible {
    var description: String { "The fake Intercom server stopped before it started listening." }
}
