/// Counts of the requests a fake server has served (a snapshot).
public struct RequestStats: Sendable {
    /// Routes watched for overlap: a request of ``arriving`` that came while one of ``inFlight`` was
    /// being answered (see ``RequestStats/arrivalsWhileInFlight``).
    public struct Overlap: Sendable, Hashable {
        public var arriving: String
        public var inFlight: String

        public init(arriving: String, inFlight: String) {
            self.arriving = arriving
            self.inFlight = inFlight
        }
    }

    /// All requests, whatever their outcome.
    public var total: Int
    /// Requests per route (the route names are the fake's).
    public var byRoute: [String: Int]
    /// Requests per HTTP status code.
    public var byStatus: [Int: Int]
    /// 429 responses served (over a limit or forced).
    public var rateLimited: Int
    /// Authenticated requests that arrived for a key before the reset reported by the last 429 of any
    /// bucket the request counts in (the refused window's end, or a forced 429's own reset). A client
    /// that waits for the reset after each 429 keeps this at zero.
    public var requestsIntoRefusedWindow: Int
    /// Authenticated requests that arrived for a key and bucket before the `Retry-After` of that bucket's
    /// last 429 had passed (by the server's clock, to the sub-second). A client that obeys `Retry-After`
    /// keeps this at zero.
    public var requestsBeforeRetryAfter: Int = 0
    /// Per bucket (of those the fake watches), the most requests of one key the server saw within any
    /// span of one window length (sliding, by the server's clock), refused ones included.
    public var maxRequestsInWindowSpan: [String: Int] = [:]
    /// Faults injected by ``FaultInjection``, keyed "500", "502", "503", "drop", "truncated" and "storm429".
    /// Dropped connections are counted in ``total`` and ``byRoute`` but have no status in ``byStatus``.
    public var injectedFaults: [String: Int]
    /// The most requests the server was answering at once.
    public var maxConcurrentRequests: Int = 0
    /// Per watched overlap, the requests that arrived while another route was being answered.
    public var arrivalsWhileInFlight: [Overlap: Int] = [:]
    /// Per key (an account's token), the requests admitted in each window of the request's first
    /// bucket, keyed by the window's start (server clock, seconds): how much of its own limit each
    /// account used, window by window.
    public var admittedPerWindow: [String: [Int64: Int]] = [:]

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
    public mutating func record(route: String, status: Int?) {
        total += 1
        byRoute[route, default: 0] += 1
        guard let status else { return }
        byStatus[status, default: 0] += 1
        if status == 429 { rateLimited += 1 }
    }
}
