public import FakeAPIKit
public import Foundation

/// How a ``FakeZendeskServer`` behaves: its accounts, limits, latency and faults.
public struct FakeZendeskConfiguration: Sendable {
    /// Credential (the OAuth access token or API token) → account.
    public var accounts: [String: ZendeskAccountSpec]
    /// Requests per account per plan window (every authenticated request counts, 429s included); nil =
    /// unlimited, while the headers still report a limit of 2500 and 2499 remaining.
    public var planLimitPerWindow: Int?
    /// The plan window in seconds (60 in reality; tests shorten it). Windows are aligned to epoch multiples.
    public var windowSeconds: Int64
    /// Requests per account per 60-second window for all incremental export routes together (they also
    /// count in the plan window); nil = unlimited.
    public var exportLimitPerMinute: Int?
    /// Whether a 429 carries `Retry-After`; false reproduces the documented 429 without one.
    public var sendRetryAfter: Bool
    /// 429 bodies: the plain text `Number of allowed API requests per minute exceeded: 0` (false, the
    /// default) or `{"errors":[{"code":"TooManyRequests",…}]}` (true).
    public var jsonRateLimitBody: Bool
    /// Added to every response (admin routes excepted).
    public var latency: Duration
    /// Deterministic faults injected after authentication and the rate limits.
    public var faults: FaultInjection
    /// The server's base clock (seconds since 1970, sub-second precision); ``FakeZendeskServer/advanceClock(by:)``
    /// moves the server's time ahead of it. Tests pass a clock they move by hand.
    public var clock: @Sendable () -> Double

    /// Creates a configuration.
    public init(
        accounts: [String: ZendeskAccountSpec],
        planLimitPerWindow: Int? = nil,
        windowSeconds: Int64 = 60,
        exportLimitPerMinute: Int? = 10,
        sendRetryAfter: Bool = true,
        jsonRateLimitBody: Bool = false,
        latency: Duration = .zero,
        faults: FaultInjection = .none,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.accounts = accounts
        self.planLimitPerWindow = planLimitPerWindow
        self.windowSeconds = windowSeconds
        self.exportLimitPerMinute = exportLimitPerMinute
        self.sendRetryAfter = sendRetryAfter
        self.jsonRateLimitBody = jsonRateLimitBody
        self.latency = latency
        self.faults = faults
        self.clock = clock
    }
}
