/// The pure state of one request budget, driven by the API's rate-limit headers (as read by its
/// ``APIDialect``) and an external clock (seconds since the Unix epoch), so it can be tested without
/// sleeping.
///
/// Requests go out while the current window has room for them (`remaining` minus requests already in
/// flight). When it has none, callers wait for the window's reset plus jitter. A 429 blocks every
/// caller for its `Retry-After`, or else until the reset; without either, consecutive 429s back off
/// exponentially. A budget can also hold a limit of its own (``clientLimit``: at most so many requests
/// in any span of so many seconds) for limits an API enforces without reporting them in headers.
public struct RequestBudgetState: Sendable, Hashable {
    public enum Decision: Sendable, Hashable {
        case proceed
        /// Ask again at this time (seconds since the epoch).
        case waitUntil(Double)
    }

    /// Requests allowed per window, as last reported.
    public private(set) var limit: Int?
    /// Requests left in the window ending at ``resetAt``, as last reported.
    public private(set) var remaining: Int?
    /// End of the current window (epoch seconds), as last reported.
    public private(set) var resetAt: Double?
    /// Requests sent and not yet answered.
    public private(set) var inFlight = 0
    /// No request goes out before this time (after a 429).
    public private(set) var blockedUntil: Double = 0
    /// Consecutive 429s without usable headers.
    private var headerlessRejections = 0
    /// With a ``clientLimit``: when the requests answered within its span were answered, oldest first.
    private var recentAnswers: [Double] = []

    public var jitter: Double
    public var fallbackBackoff: (base: Double, cap: Double)
    /// At most `requests` sent in any `seconds` (nil: only the API's headers pace this budget).
    public let clientLimit: ClientRateLimit?

    public init(
        jitter: Double = 0.25,
        fallbackBackoff: (base: Double, cap: Double) = (1, 30),
        clientLimit: ClientRateLimit? = nil
    ) {
        self.jitter = jitter
        self.fallbackBackoff = fallbackBackoff
        self.clientLimit = clientLimit
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.limit == rhs.limit && lhs.remaining == rhs.remaining && lhs.resetAt == rhs.resetAt
            && lhs.inFlight == rhs.inFlight && lhs.blockedUntil == rhs.blockedUntil
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(limit)
        hasher.combine(remaining)
        hasher.combine(resetAt)
        hasher.combine(inFlight)
        hasher.combine(blockedUntil)
    }

    /// Asks to send one request at `now`; on `.proceed` the request counts as in flight.
    /// `unit` is a random number in [0, 1) for the jitter.
    public mutating func acquire(now: Double, unit: Double) -> Decision {
        if now < blockedUntil { return .waitUntil(blockedUntil) }
        if let resetAt, now >= resetAt {
            // A new window: the server's own figures for it arrive with the next response.
            self.resetAt = nil
            remaining = nil
        }
        if let remaining, let resetAt, remaining - inFlight <= 0 {
            return .waitUntil(resetAt + jitter * unit)
        }
        if remaining == nil, limit != nil, let maximum = limit, inFlight >= maximum {
            // Unknown window state: never have more than one window's worth in flight.
            return .waitUntil(now + 0.05)
        }
        if let clientLimit {
            // Requests still in flight may arrive at the server any time from now on, and an answered
            // one arrived no later than its answer: counting those, a request sent now cannot make the
            // server see more than the limit in any span, however long requests wait on the way.
            recentAnswers.removeAll { $0 <= now - clientLimit.seconds }
            if recentAnswers.count + inFlight >= clientLimit.requests {
                guard let oldest = recentAnswers.first else { return .waitUntil(now + 0.1) }
                return .waitUntil(oldest + clientLimit.seconds + jitter * unit)
            }
        }
        inFlight += 1
        return .proceed
    }

    /// Records the answer to a request that ``acquire(now:unit:)`` let through.
    ///
    /// - `reset`: when the window ends (epoch seconds); `retryAfter`: a 429's wait in seconds from `now`.
    public mutating func complete(
        status: Int?,
        limit: Int?,
        remaining: Int?,
        reset: Double?,
        retryAfter: Double? = nil,
        now: Double,
        unit: Double
    ) {
        inFlight = max(inFlight - 1, 0)
        if clientLimit != nil { recentAnswers.append(now) }
        if let limit { self.limit = limit }
        if let remaining, let reset {
            // A reset counted from now varies by up to a second between answers of one window (Zendesk).
            if let currentReset = resetAt, abs(currentReset - reset) < Self.sameWindowTolerance,
                let current = self.remaining
            {
                // Answers of one window arrive out of order: the lowest count is the latest.
                self.remaining = min(current, remaining)
                resetAt = max(currentReset, reset)
            } else if resetAt == nil || reset >= resetAt! {
                resetAt = reset
                self.remaining = remaining
            }
        }
        guard status == 429 else {
            if status != nil { headerlessRejections = 0 }
            return
        }
        if let retryAfter, retryAfter >= 0 {
            // The API says how long to wait: no request goes out before then.
            headerlessRejections = 0
            let until = now + retryAfter
            self.remaining = 0
            self.resetAt = max(resetAt ?? until, until)
            blockedUntil = max(blockedUntil, until + jitter * unit)
        } else if let reset, reset > now - 1 {
            headerlessRejections = 0
            self.remaining = 0
            self.resetAt = max(resetAt ?? reset, reset)
            blockedUntil = max(blockedUntil, reset + jitter * unit)
        } else {
            headerlessRejections += 1
            let exponent = Double(min(headerlessRejections - 1, 16))
            let delay = min(fallbackBackoff.cap, fallbackBackoff.base * pow2(exponent))
            blockedUntil = max(blockedUntil, now + delay * (0.5 + 0.5 * unit))
        }
    }

    /// Resets within this many seconds of each other name the same window.
    static let sameWindowTolerance = 1.5

    /// Records that a request let through got no answer (network failure).
    public mutating func abandon(now: Double) {
        inFlight = max(inFlight - 1, 0)
        // It may have arrived: it counts against a client limit as if answered now.
        if clientLimit != nil { recentAnswers.append(now) }
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}

/// A limit a budget keeps by itself: at most `requests` sent in any span of `seconds`.
public struct ClientRateLimit: Sendable, Hashable {
    public var requests: Int
    public var seconds: Double

    public init(requests: Int, seconds: Double) {
        self.requests = max(1, requests)
        self.seconds = seconds
    }
}
