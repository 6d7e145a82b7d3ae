/// Which failures are worth another attempt, and how long to wait before it — the one table every
/// REST call goes through.
///
/// | outcome | decision |
/// | --- | --- |
/// | 408, 429, 500, 502, 503, 504, other 5xx | retry with capped, jittered backoff (429 waits for the rate window) |
/// | connection reset, refused, timeout past the request deadline | retry |
/// | 2xx whose body is truncated or not the expected JSON | retry |
/// | 401, 403 | fail at once (credentials) |
/// | 404 | not found: the caller decides (a deleted conversation is "missing") |
/// | 400, 409, 422, other 4xx | fail at once (configuration) |
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// 429s a request may wait out (each waits for the rate window to reset) before it fails.
    /// Counted apart from ``maxAttempts``: being asked to wait is not a failure of the request.
    public var maxRateLimitWaits: Int
    /// No retry starts later than this after the request's first attempt, whatever attempts are left:
    /// a host that keeps timing out (each attempt up to its deadline) fails in bounded time too.
    public var maxRetryDuration: Duration
    /// A request that keeps failing without a response (refused, timed out, reset) logs a warning at
    /// its first retry, and then at most this often for its host.
    public var warningInterval: Duration

    public init(
        maxAttempts: Int = 6,
        baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(20),
        maxRateLimitWaits: Int = 30,
        maxRetryDuration: Duration = .seconds(120),
        warningInterval: Duration = .seconds(30)
    ) {
        precondition(maxAttempts >= 1)
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRateLimitWaits = maxRateLimitWaits
        self.maxRetryDuration = maxRetryDuration
        self.warningInterval = warningInterval
    }

    /// Whether a request whose `attempt`-th attempt failed retryably, `elapsed` after its first
    /// attempt began, makes another attempt after waiting `delay`.
    public func retries(afterAttempt attempt: Int, elapsed: Duration, delay: Duration) -> Bool {
        attempt < maxAttempts && elapsed + delay <= maxRetryDuration
    }

    public enum Outcome: Sendable, Hashable {
        case status(Int)
        /// A network-level failure: reset, refused, timed out, closed early.
        case transportFailure
        /// A 2xx whose body could not be decoded.
        case undecodableBody
    }

    public enum Decision: Sendable, Hashable {
        case succeed
        case retry
        case fail
    }

    /// The table above.
    public func decision(for outcome: Outcome) -> Decision {
        switch outcome {
        case .transportFailure, .undecodableBody: return .retry
        case .status(let status):
            switch status {
            case 200..<300: return .succeed
            case 408, 429, 500...599: return .retry
            default: return .fail
            }
        }
    }

    /// Full-jitter exponential backoff: a random delay in [0, min(maxDelay, base·2^(attempt-1))],
    /// never below a tenth of that bound. `unit` is a random number in [0, 1).
    public func backoff(afterAttempt attempt: Int, unit: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let bound = min(maxDelay, baseDelay * (1 << exponent))
        let fraction = 0.1 + 0.9 * min(max(unit, 0), 1)
        return bound * fraction
    }
}
