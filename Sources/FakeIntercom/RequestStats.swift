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

    /// Creates a snapshot; all counts default to zero.
    public init(total: Int = 0, byRoute: [String: Int] = [:], byStatus: [Int: Int] = [:], rateLimited: Int = 0) {
        self.total = total
        self.byRoute = byRoute
        self.byStatus = byStatus
        self.rateLimited = rateLimited
    }

    mutating func record(route: String, status: Int) {
        total += 1
        byRoute[route, default: 0] += 1
        byStatus[status, default: 0] += 1
        if status == 429 { rateLimited += 1 }
    }
}
