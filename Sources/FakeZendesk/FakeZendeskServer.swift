import FakeAPIKit
public import Foundation
public import Logging

/// A running fake Zendesk Support (tickets read path: cursor export, comments, batch lookups, deleted
/// tickets), with both rate limits, faults and admin mutations.
///
/// Binds 127.0.0.1 on port 0 (or a given port) and reports the real port in ``baseURL``; point the
/// connector at it with `ZENDESK_BASE_URL`.
public final class FakeZendeskServer: Sendable {
    /// Where the fake listens, e.g. `http://127.0.0.1:53211`.
    public let baseURL: URL
    private let state: ServerState
    private let accounts: [String: LiveAccount]
    private let clock: ServerClock

    init(baseURL: URL, state: ServerState, accounts: [String: LiveAccount], clock: ServerClock) {
        self.baseURL = baseURL
        self.state = state
        self.accounts = accounts
        self.clock = clock
    }

    private func account(_ credential: String) -> LiveAccount {
        guard let account = accounts[credential] else { preconditionFailure("no fake account has this credential") }
        return account
    }

    /// The server's clock, whole Unix seconds (the base clock plus every ``advanceClock(by:)``).
    public var now: Int64 { clock.seconds }

    /// Moves the server's clock ahead: the export shows what was withheld as "the last minute", and rate
    /// windows move on.
    public func advanceClock(by seconds: Int64) {
        clock.advance(by: max(0, seconds))
    }

    /// Adds a public comment (alternately the requester's and an agent's) to each ticket of `ids`; both
    /// `updated_at` and `generated_timestamp` move to `time` (default: now) — one timestamp for all, as a
    /// bulk macro stamps them. Returns the ids changed (unknown, deleted and scrubbed ones are skipped).
    @discardableResult
    public func touch(credential: String, ids: [Int64], at time: Int64? = nil) -> [Int64] {
        account(credential).touch(ids, at: time ?? now)
    }

    /// Adds an internal note (a private agent comment) to each ticket of `ids`.
    @discardableResult
    public func addInternalNote(credential: String, ids: [Int64], at time: Int64? = nil) -> [Int64] {
        account(credential).addInternalNote(ids, at: time ?? now)
    }

    /// A system update (SLA, automation): only `generated_timestamp` moves, not `updated_at`.
    @discardableResult
    public func systemUpdate(credential: String, ids: [Int64], at time: Int64? = nil) -> [Int64] {
        account(credential).systemUpdate(ids, at: time ?? now)
    }

    /// Soft-deletes tickets: exported with `status: "deleted"`, their comments answer 404, listed by
    /// `/deleted_tickets`, absent from `show_many`.
    @discardableResult
    public func softDelete(credential: String, ids: [Int64], at time: Int64? = nil) -> [Int64] {
        account(credential).softDelete(ids, at: time ?? now)
    }

    /// Restores soft-deleted tickets to their previous status (the restore shows in the export).
    @discardableResult
    public func restore(credential: String, ids: [Int64], at time: Int64? = nil) -> [Int64] {
        account(credential).restore(ids, at: time ?? now)
    }

    /// Scrubs tickets: gone from every endpoint, the export included.
    @discardableResult
    public func scrub(credential: String, ids: [Int64]) -> [Int64] {
        account(credential).scrub(ids)
    }

    /// Creates `count` new tickets (status "new", one comment) at `time`; returns their ids.
    @discardableResult
    public func create(credential: String, count: Int, at time: Int64? = nil) -> [Int64] {
        account(credential).create(count, at: time ?? now)
    }

    /// Every ticket of the account that is neither deleted nor scrubbed, as it is now with all its
    /// comments, by id — what a complete copy must equal.
    public func liveTickets(credential: String) -> [FakeTicket] {
        let snapshot = account(credential).snapshot
        return snapshot.records.filter(\.isLive).map(snapshot.fakeTicket)
    }

    /// The ids of the live tickets, ascending.
    public func liveIDs(credential: String) -> [Int64] {
        account(credential).snapshot.records.filter(\.isLive).map(\.id)
    }

    /// The name a user id has in the account (nil for an unknown id or the system author).
    public func userName(credential: String, id: Int64) -> String? {
        account(credential).generator.users.user(id: id)?.name
    }

    /// The ids of the tickets sharing the burst's timestamp, and that timestamp.
    public func burst(credential: String) -> (ids: [Int64], generatedTimestamp: Int64) {
        let account = account(credential)
        return (
            (0..<min(account.spec.burstSize, account.generator.count)).map { Int64($0) + 1 },
            account.generator.burstTime
        )
    }

    /// A snapshot of the requests served so far.
    public var stats: ZendeskRequestStats { ZendeskRequestStats(state.stats) }

    /// Sets every request count back to zero.
    public func resetStats() {
        state.resetStats()
    }

    /// Lets the next `count` authenticated requests through, then holds every later one unanswered until
    /// ``releaseHeld()``. Call ``releaseHeld()`` before the server stops.
    public func hold(after count: Int) {
        state.hold(after: count)
    }

    /// Answers every held request, and holds no more.
    public func releaseHeld() {
        state.releaseHeld()
    }

    /// Requests being held right now.
    public var heldRequests: Int { state.heldCount }

    /// Makes the next `count` authenticated requests answer 429; with `retryAfter`, that is their
    /// `Retry-After` instead of the time left in the window.
    public func force429(next count: Int, retryAfter seconds: Int64? = nil) {
        state.force429(next: count, after: seconds)
    }

    /// A logger that only reports critical problems.
    public static var quietLogger: Logger {
        FakeHTTPServer.quietLogger(label: "fake-zendesk")
    }

    /// The per-account plan bucket (every request) and the incremental-export bucket.
    static let planBucket = "plan"
    static let exportBucket = "export"
    static let deletedBucket = "deleted_tickets"

    /// Starts the server, runs `body` with the running server, then shuts it down (also on error or
    /// cancellation).
    public static func withRunning<T: Sendable>(
        _ configuration: FakeZendeskConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger = quietLogger,
        _ body: (FakeZendeskServer) async throws -> T
    ) async throws -> T {
        let clock = ServerClock(configuration.clock)
        let state = ServerState(
            limiters: [
                planBucket: RateLimiter(
                    limit: configuration.planLimitPerWindow,
                    windowSeconds: configuration.windowSeconds,
                    reportedLimitWhenUnlimited: FakeZendeskResponder.reportedLimitWhenUnlimited
                ),
                exportBucket: RateLimiter(
                    limit: configuration.exportLimitPerMinute,
                    windowSeconds: 60,
                    reportedLimitWhenUnlimited: 10
                ),
                deletedBucket: RateLimiter(limit: 10, windowSeconds: 60, reportedLimitWhenUnlimited: 10),
            ],
            faults: configuration.faults,
            watchedSpans: [exportBucket]
        )
        let start = clock.seconds
        let accounts = configuration.accounts.mapValues { LiveAccount(spec: $0, serverStart: start) }
        let responder = FakeZendeskResponder(
            configuration: configuration,
            accounts: accounts,
            state: state,
            clock: clock,
            logger: logger
        )
        return try await FakeHTTPServer.withRunning(responder, host: host, port: port, logger: logger) { baseURL in
            try await body(FakeZendeskServer(baseURL: baseURL, state: state, accounts: accounts, clock: clock))
        }
    }

    /// Runs until cancelled, calling `onStarted` once the port is bound (the `ingest fake-zendesk`
    /// command).
    public static func run(
        _ configuration: FakeZendeskConfiguration,
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger,
        onStarted: @Sendable (URL) async -> Void
    ) async throws {
        try await withRunning(configuration, host: host, port: port, logger: logger) { server in
            logger.info("Fake Zendesk listening", metadata: ["http.url": "\(server.baseURL.absoluteString)"])
            await onStarted(server.baseURL)
            while true { try await Task.sleep(for: .seconds(3_600)) }
        }
    }
}

extension ZendeskRequestStats {
    /// Zendesk's view of the shared request counters.
    init(_ stats: RequestStats) {
        self.init(
            total: stats.total,
            byRoute: stats.byRoute,
            byStatus: stats.byStatus,
            rateLimited: stats.rateLimited,
            requestsBeforeRetryAfter: stats.requestsBeforeRetryAfter,
            maxExportRequestsPerMinute: stats.maxRequestsInWindowSpan[FakeZendeskServer.exportBucket] ?? 0,
            injectedFaults: stats.injectedFaults,
            maxConcurrentRequests: stats.maxConcurrentRequests
        )
    }
}
