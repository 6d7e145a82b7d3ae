/// Intercom's rate limit: a fixed number of requests per token per 10-second window aligned to
/// Unix-epoch multiples of 10. A pure value: the caller passes the time.
struct RateLimiter: Sendable {
    /// The outcome for one request, with the values of the `X-RateLimit-*` headers.
    struct Decision: Sendable, Equatable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// End of the current window, Unix seconds.
        var reset: Int64
        /// The request arrived after this key's current window had already been refused (a 429 earlier in
        /// the same window, before its reset): the client did not wait for `X-RateLimit-Reset`.
        var intoRefusedWindow = false
    }

    static let windowSeconds: Int64 = 10
    /// Limit reported when unlimited: 10,000 per minute split into six windows.
    static let defaultReportedLimit = 1_667

    /// Requests per window; nil = unlimited. Unlimited still reports ``defaultReportedLimit``, and a
    /// `remaining` of one less (as if every request were the first of its window), so that clients pacing
    /// themselves on the headers are never slowed down by a fake that promises no limit.
    let limit: Int?
    private var windows: [String: (start: Int64, count: Int, refused: Bool)] = [:]

    init(limit: Int?) {
        self.limit = limit
    }

    /// Counts one request for `key` at `now`; `forceRejection` answers 429 whatever the count.
    mutating func admit(key: String, now: Int64, forceRejection: Bool = false) -> Decision {
        let start = now - ((now % Self.windowSeconds) + Self.windowSeconds) % Self.windowSeconds
        var window = windows[key] ?? (start: start, count: 0, refused: false)
        if window.start != start { window = (start: start, count: 0, refused: false) }
        let intoRefusedWindow = window.refused
        window.count += 1

        let reportedLimit = limit ?? Self.defaultReportedLimit
        let overLimit = limit.map { window.count > $0 } ?? false
        let allowed = !overLimit && !forceRejection
        if !allowed { window.refused = true }
        windows[key] = window
        return Decision(
            allowed: allowed,
            limit: reportedLimit,
            remaining: !allowed ? 0 : limit == nil ? reportedLimit - 1 : max(0, reportedLimit - window.count),
            reset: start + Self.windowSeconds,
            intoRefusedWindow: intoRefusedWindow
        )
    }
}
