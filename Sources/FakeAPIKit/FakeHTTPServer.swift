public import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// Runs a fake's Hummingbird responder on a host and port (0 picks a free one) for the duration of a body.
public enum FakeHTTPServer {
    /// Starts serving `responder` on `host`:`port`, runs `body` with the base URL of the bound port
    /// (`http://127.0.0.1:53211`), then shuts the server down, also on error or cancellation.
    public static func withRunning<Responder: HTTPResponder, T: Sendable>(
        _ responder: Responder,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger,
        _ body: (URL) async throws -> T
    ) async throws -> T where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? port)
            },
            logger: logger
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
            return try await body(baseURL(host: host, port: boundPort))
        }
    }

    /// `http://host:port`, with an IPv6 host in brackets.
    public static func baseURL(host: String, port: Int) -> URL {
        let authority = host.contains(":") ? "[\(host)]" : host
        guard let url = URL(string: "http://\(authority):\(port)") else {
            preconditionFailure("invalid fake server host")
        }
        return url
    }

    /// A logger that only reports critical problems: a server's own start and stop lines (and the
    /// cancellation noise of shutting it down) stay out of test and demo output.
    public static func quietLogger(label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }
}

/// The server stopped before binding its port without reporting an error.
public struct ServerStartError: Error, CustomStringConvertible {
    public var description: String { "The fake server stopped before it started listening." }
}
