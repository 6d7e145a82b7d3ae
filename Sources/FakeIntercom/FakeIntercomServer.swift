import FakeAPIKit
public import Foundation
public import Logging

/// A running fake Intercom (REST API 2.16, conversations read path).
///
/// Binds 127.0.0.1 on port 0 (or a given port) and reports the real port in ``baseURL``.
public final class FakeIntercomServer: Sendable {
    /// Where the fake listens, e.g. `http://127.0.0.1:53211`.
    public let baseURL: URL
    private let state: ServerState
    let tenants: [String: LiveWorkspace]
    private let clock: @Sendable () -> Double

    init(baseURL: URL, state: ServerState, tenants: [String: LiveWorkspace], clock: @escaping @Sendable () -> Double) {
        self.baseURL = baseURL
        self.state = state
        self.tenants = tenants
        self.clock = clock
    }

    private func workspace(_ token: String) -> LiveWorkspace {
        guard let workspace = tenants[token] else { preconditionFailure("no fake workspace has this token") }
        return workspace
    }

    private var now: Int64 { Int64(clock().rounded(.down)) }

    /// Adds a teammate's reply to each conversation of `ids` in the workspace of `token` and moves its
    /// `updated_at` to `time` (default: the server's clock) — all in one second when many are given.
    /// Returns the ids touched (unknown and deleted ones are skipped).
    @discardableResult
    public func touch(token: String, ids: [String], at time: Int64? = nil) -> [String] {
        workspace(token).touch(ids, at: time ?? now)
    }

    /// Deletes the conversations of `ids` (they leave list and search, answer 404, and are listed by
    /// `/conversations/deleted` with `deleted_at` = `time`). Returns the ids deleted.
    @discardableResult
    public func delete(token: String, ids: [String], at time: Int64? = nil) -> [String] {
        workspace(token).delete(ids, at: time ?? now)
    }

    /// Creates `count` new conversations, created and updated at `time`; returns their ids.
    @discardableResult
    public func create(token: String, count: Int, at time: Int64? = nil) -> [String] {
        workspace(token).create(count, at: time ?? now)
    }

    /// Every live conversation of the workspace of `token` as it is now, with all its parts, in list
    /// order — what a complete copy must equal.
    public func liveConversations(token: String) -> [GeneratedConversation] {
        let view = workspace(token).snapshot
        return (0..<view.indexCount).filter { !view.isDeleted($0) }.map(view.conversation(at:))
    }

    /// The ids of the live conversations of the workspace of `token`, in list order.
    public func liveIDs(token: String) -> [String] {
        let view = workspace(token).snapshot
        return (0..<view.indexCount).filter { !view.isDeleted($0) }.map { String(view.number($0)) }
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
        state.force429(next: count, after: seconds.map(Int64.init))
    }

    /// A logger that only reports critical problems: the server's own start and stop lines (and the
    /// cancellation noise of shutting it down) stay out of test and demo output.
    public static var quietLogger: Logger {
        FakeHTTPServer.quietLogger(label: "fake-intercom")
    }

    /// The name of FakeIntercom's one rate-limit bucket (per token).
    static let bucket = "token"

    /// Starts the server, runs `body` with the running server, then shuts it down (also on error or
    /// cancellation).
    public static func withRunning<T: Sendable>(
        _ configuration: FakeIntercomConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger = quietLogger,
        _ body: (FakeIntercomServer) async throws -> T
    ) async throws -> T {
        let state = ServerState(
            limiters: [
                bucket: RateLimiter(
                    limit: configuration.rateLimitPerWindow,
                    windowSeconds: 10,
                    reportedLimitWhenUnlimited: FakeIntercomResponder.reportedLimitWhenUnlimited
                )
            ],
            faults: configuration.faults,
            overlaps: [RequestStats.listWhileRetrieve]
        )
        let tenants = await FakeIntercomResponder.tenants(configuration)
        let responder = FakeIntercomResponder(
            configuration: configuration,
            tenants: tenants,
            state: state,
            logger: logger
        )
        return try await FakeHTTPServer.withRunning(responder, host: host, port: port, logger: logger) { baseURL in
            try await body(
                FakeIntercomServer(baseURL: baseURL, state: state, tenants: tenants, clock: configuration.clock)
            )
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
}
