/// The pure state of one API workspace's request budget, driven by `X-RateLimit-*` headers and an
/// external clock (seconds since the Unix epoch), so it can be tested without sleeping.
///
/// Requests go out while the current window has room for them (`remaining` minus requests already in
/// flight). When it has none, callers wait for `X-RateLimit-Reset` plus jitter. A 429 blocks every
/// caller until the reset; without headers, consecutive 429s back off exponentially.
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

    public var jitter: Double
    public var fallbackBackoff: (base: Double, cap: Double)

    public init(jitter: Double = 0.25, fallbackBackoff: (base: Double, cap: Double) = (1, 30)) {
        self.jitter = jitter
        self.fallbackBackoff = fallbackBackoff
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
        inFlight += 1
        return .proceed
    }

    /// Records the answer to a request that ``acquire(now:unit:)`` let through.
    public mutating func complete(status: Int?, limit: Int?, remaining: Int?, reset: Double?, now: Double, unit: Double)
    {
        inFlight = max(inFlight - 1, 0)
        if let limit { self.limit = limit }
        if let remaining, let reset {
            if let currentReset = resetAt, currentReset == reset, let current = self.remaining {
                // Answers of one window arrive out of order: the lowest count is the latest.
                self.remaining = min(current, remaining)
            } else if resetAt == nil || reset >= resetAt! {
                resetAt = reset
                self.remaining = remaining
            }
        }
        guard status == 429 else {
            if status != nil { headerlessRejections = 0 }
            return
        }
        if let reset, reset > now - 1 {
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

    /// Records that a request let through got no answer (network failure).
    public mutating func abandon() {
        inFlight = max(inFlight - 1, 0)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
