/// A fixed-window rate limit: so many requests per key per window of ``windowSeconds``, windows aligned
/// to Unix-epoch multiples of the window length. A pure value: the caller passes the time.
public struct RateLimiter: Sendable {
    /// The outcome for one request, with the values a fake reports in its rate-limit headers.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// The limit to report: the configured one, or ``RateLimiter/reportedLimitWhenUnlimited``.
        public var limit: Int
        public var remaining: Int
        /// End of the current window, Unix seconds.
        public var reset: Int64

        public init(allowed: Bool, limit: Int, remaining: Int, reset: Int64) {
            self.allowed = allowed
            self.limit = limit
            self.remaining = remaining
            self.reset = reset
        }
    }

    /// Requests per window; nil = unlimited. Unlimited still reports ``reportedLimitWhenUnlimited``, and a
    /// `remaining` of one less (as if every request were the first of its window), so that clients pacing
    /// themselves on the headers are never slowed down by a fake that promises no limit.
    public let limit: Int?
    /// The window length in seconds (at least 1).
    public let windowSeconds: Int64
    /// The limit reported when ``limit`` is nil.
    public let reportedLimitWhenUnlimited: Int
    private var windows: [String: (start: Int64, count: Int)] = [:]

    /// A limiter of `limit` requests per key per `windowSeconds`.
    public init(limit: Int?, windowSeconds: Int64, reportedLimitWhenUnlimited: Int) {
        self.limit = limit
        self.windowSeconds = max(1, windowSeconds)
        self.reportedLimitWhenUnlimited = reportedLimitWhenUnlimited
    }

    /// The start of the window holding `now`.
    public func windowStart(at now: Int64) -> Int64 {
        now - ((now % windowSeconds) + windowSeconds) % windowSeconds
    }

    /// Counts one request for `key` at `now`; `forceRejection` answers 429 whatever the count. A refused
    /// request counts in its window like any other.
    public mutating func admit(key: String, now: Int64, forceRejection: Bool = false) -> Decision {
        let start = windowStart(at: now)
        var window = windows[key] ?? (start: start, count: 0)
        if window.start != start { window = (start: start, count: 0) }
        window.count += 1

        let reportedLimit = limit ?? reportedLimitWhenUnlimited
        let overLimit = limit.map { window.count > $0 } ?? false
        let allowed = !overLimit && !forceRejection
        windows[key] = window
        return Decision(
            allowed: allowed,
            limit: reportedLimit,
            remaining: !allowed ? 0 : limit == nil ? reportedLimit - 1 : max(0, reportedLimit - window.count),
            reset: start + windowSeconds
        )
    }
}
