/// Deterministic faults a fake server injects into authenticated requests.
///
/// Faults apply only to requests with a valid credential (a bad one still gets its 401), after the
/// rate-limit check. Each request that passes the rate limit gets the next sequence number (0, 1, 2, …); whether it
/// is faulted, and how, depends only on ``seed`` and that number, so a serial client sees the same
/// sequence of statuses on every run. The rates are shares of those requests and are tried in order
/// (server errors, then dropped connections, then truncated bodies); their sum is capped at 1.
/// Latency is not a fault here: each fake has its own latency setting. What a faulted response looks like
/// (its body and headers) is up to the fake.
public struct FaultInjection: Sendable, Hashable {
    /// Seeds every decision, together with the request's sequence number.
    public var seed: UInt64
    /// Share answered 500, 502 or 503 (equal thirds), each with the body its fake gives that status.
    public var serverErrorRate: Double
    /// Share whose connection is closed without any response.
    public var dropConnectionRate: Double
    /// Share answered 200 with the `Content-Length` of the full JSON body, of which only the first half is
    /// sent before the connection is closed.
    public var truncatedBodyRate: Double
    /// The first `storm429` authenticated requests all answer 429 with no requests remaining (a 429
    /// storm); they count against the window like any 429.
    public var storm429: Int

    /// Creates a fault plan; the defaults inject nothing.
    public init(
        seed: UInt64 = 1,
        serverErrorRate: Double = 0,
        dropConnectionRate: Double = 0,
        truncatedBodyRate: Double = 0,
        storm429: Int = 0
    ) {
        self.seed = seed
        self.serverErrorRate = serverErrorRate
        self.dropConnectionRate = dropConnectionRate
        self.truncatedBodyRate = truncatedBodyRate
        self.storm429 = storm429
    }

    /// No faults at all.
    public static let none = FaultInjection()

    /// One injected fault; `statsName` is its key in ``RequestStats/injectedFaults``.
    public enum Fault: Sendable, Equatable {
        case serverError(status: Int)
        case dropConnection
        case truncatedBody

        public var statsName: String {
            switch self {
            case .serverError(let status): String(status)
            case .dropConnection: "drop"
            case .truncatedBody: "truncated"
            }
        }
    }

    public static let storm429StatsName = "storm429"

    /// The fault for the request with sequence number `sequence` (0-based), or nil to answer normally.
    public func fault(at sequence: UInt64) -> Fault? {
        var generator = SplitMix64(seed: seed, index: sequence)
        // 53 random bits → a uniform Double in [0, 1).
        let roll = Double(generator.next() >> 11) / Double(UInt64(1) << 53)
        var threshold = Self.share(serverErrorRate)
        if roll < threshold {
            return .serverError(status: [500, 502, 503][generator.below(3)])
        }
        threshold += Self.share(dropConnectionRate)
        if roll < threshold { return .dropConnection }
        threshold += Self.share(truncatedBodyRate)
        if roll < threshold { return .truncatedBody }
        return nil
    }

    /// A rate clamped to 0...1 (NaN counts as 0).
    private static func share(_ rate: Double) -> Double {
        rate.isNaN ? 0 : min(max(rate, 0), 1)
    }
}
