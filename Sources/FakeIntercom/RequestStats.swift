/// Counts of the requests a ``FakeIntercomServer`` has served (a snapshot).
public struct RequestStats: Sendable {
    /// All requests, whatever their outcome.
    public var total: Int
    /// Requests per route: "list", "retrieve", "me", "other".
    public var byRoute: [String: Int]
    /// Requests per HTTP status code.
    public var byStatus: [Int: Int]
    /// 429 responses served (over the limit or forced).
    public var rateLimited: Int
    /// Authenticated requests that arrived for a token whose current 10-second window had already been
    /// refused (after a 429 in that window, before its `X-RateLimit-Reset`). A client that waits for the
    /// reset after each 429 keeps this near zero.
    public var requestsIntoRefusedWindow: Int
    /// Faults injected by ``FaultInjection``, keyed "500", "502", "503", "drop", "truncated" and "storm429".
    /// Dropped connections are counted in ``total`` and ``byRoute`` but have no status in ``byStatus``.
    public var injectedFaults: [String: Int]
    /// The most requests the server was answering at once.
    public var maxConcurrentRequests: Int = 0
    /// List requests that arrived while retrieves were being answered: a client that lists the next
    /// page while it fetches the current one.
    public var listsWhileRetrievesInFlight: Int = 0

    /// Creates a snapshot; all counts default to zero.
    public init(
        total: Int = 0,
        byRoute: [String: Int] = [:],
        byStatus: [Int: Int] = [:],
        rateLimited: Int = 0,
        requestsIntoRefusedWindow: Int = 0,
        injectedFaults: [String: Int] = [:]
    ) {
        self.total = total
        self.byRoute = byRoute
        self.byStatus = byStatus
        self.rateLimited = rateLimited
        self.requestsIntoRefusedWindow = requestsIntoRefusedWindow
        self.injectedFaults = injectedFaults
    }

    /// Counts one request; `status` is nil when the connection was dropped without a response.
    mutating func record(route: String, status: Int?) {
        total += 1
        byRoute[route, default: 0] += 1
        guard let status else { return }
        byStatus[status, default: 0] += 1
        if status == 429 { rateLimited += 1 }
    }
}
