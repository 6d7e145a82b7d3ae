/// Counts of the requests a ``FakeZendeskServer`` has served (a snapshot).
public struct ZendeskRequestStats: Sendable {
    /// All API requests, whatever their outcome (the `/_admin` routes are not counted).
    public var total: Int
    /// Requests per route: "export", "comments", "show_many", "users", "deleted_tickets", "other".
    public var byRoute: [String: Int]
    /// Requests per HTTP status code (dropped connections have none).
    public var byStatus: [Int: Int]
    /// 429 responses served.
    public var rateLimited: Int
    /// Requests that arrived (same account, same bucket: plan or export) before the last 429's
    /// `Retry-After` had passed, by the server's clock to the sub-second. A client that obeys
    /// `Retry-After` keeps this at 0. Without `Retry-After` (``FakeZendeskConfiguration/sendRetryAfter``
    /// false) the wait that would have been sent counts.
    public var requestsBeforeRetryAfter: Int
    /// The most export requests of one account within any 60-second span (sliding, by the server's
    /// clock), refused ones included.
    public var maxExportRequestsPerMinute: Int
    /// Faults injected, keyed "500", "502", "503", "drop", "truncated" and "storm429".
    public var injectedFaults: [String: Int]
    /// The most requests the server was answering at once.
    public var maxConcurrentRequests: Int

    /// Creates a snapshot; all counts default to zero.
    public init(
        total: Int = 0,
        byRoute: [String: Int] = [:],
        byStatus: [Int: Int] = [:],
        rateLimited: Int = 0,
        requestsBeforeRetryAfter: Int = 0,
        maxExportRequestsPerMinute: Int = 0,
        injectedFaults: [String: Int] = [:],
        maxConcurrentRequests: Int = 0
    ) {
        self.total = total
        self.byRoute = byRoute
        self.byStatus = byStatus
        self.rateLimited = rateLimited
        self.requestsBeforeRetryAfter = requestsBeforeRetryAfter
        self.maxExportRequestsPerMinute = maxExportRequestsPerMinute
        self.injectedFaults = injectedFaults
        self.maxConcurrentRequests = maxConcurrentRequests
    }
}
