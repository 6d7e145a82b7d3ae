public import Hummingbird
import IngestCore
public import Logging
import Synchronization

/// The mutable state of a running fake, shared by all request handlers behind one lock: request counts,
/// rate-limit buckets, the fault plan, forced 429s and held requests.
///
/// A fake names its buckets (Intercom has one, Zendesk a plan and an export bucket) and says which
/// buckets each request counts in; the first bucket named is the request's primary one, which forced
/// and storm 429s are charged to.
public final class ServerState: Sendable {
    /// Why a request was refused.
    public enum Rejection: Sendable, Equatable {
        /// The bucket's window had no requests left.
        case overLimit(bucket: String)
        /// ``ServerState/force429(next:after:)``.
        case forced
        /// ``FaultInjection/storm429``.
        case storm
    }

    /// The outcome of the rate-limit check and fault plan for one authenticated request.
    public struct Admission: Sendable {
        /// One decision per bucket asked, in the order asked.
        public var decisions: [RateLimiter.Decision]
        /// Nil when the request may be answered.
        public var rejection: Rejection?
        /// For a refused request, the whole seconds until the refusing bucket's window ends (at least 1),
        /// or the forced wait: what a fake sends as `Retry-After`.
        public var retryAfter: Int64?
        /// The fault to inject into an allowed request, if any.
        public var fault: FaultInjection.Fault?

        /// The primary (first) bucket's decision.
        public var decision: RateLimiter.Decision { decisions[0] }

        public var allowed: Bool { rejection == nil }
    }

    /// Arrival times of one key in one bucket within the last window length.
    private struct Arrivals {
        var times: [Double] = []
        var head = 0

        /// Adds `now` and returns how many arrivals fall within the `span` seconds up to it.
        mutating func add(_ now: Double, span: Double) -> Int {
            while head < times.count, times[head] <= now - span { head += 1 }
            if head > 1_024, head * 2 > times.count {
                times.removeFirst(head)
                head = 0
            }
            times.append(now)
            return times.count - head
        }
    }

    private struct Guarded {
        var stats = RequestStats()
        var limiters: [String: RateLimiter]
        var forced429Remaining = 0
        /// Seconds from now a forced 429 names as its wait (and its window end), instead of the window's end.
        var forced429After: Int64?
        var storm429Remaining: Int
        /// Sequence number of the next request that passes the rate limit (drives ``FaultInjection``).
        var nextSequence: UInt64 = 0
        /// Per bucket and key, until when the last 429's `Retry-After` runs.
        var retryDeadlines: [String: Double] = [:]
        /// Per bucket and key, the reset (Unix seconds) the last 429 reported: its window's end, or a
        /// forced 429's own. A request before it arrived into a refused window.
        var refusedUntil: [String: Int64] = [:]
        var arrivals: [String: Arrivals] = [:]
        /// Requests being answered, by route.
        var inFlight: [String: Int] = [:]
        /// Authenticated requests let through before the rest are held (nil = none held).
        var holdAfter: Int?
        var passedBeforeHold = 0
        /// Released by ``releaseHeld()``; held requests wait for it.
        var release = OneTimeEvent()
        var heldCount = 0
    }

    private let guarded: Mutex<Guarded>
    private let faults: FaultInjection
    private let overlaps: [RequestStats.Overlap]
    private let watchedSpans: Set<String>

    /// State for a fake with the named rate-limit buckets; `overlaps` are counted in
    /// ``RequestStats/arrivalsWhileInFlight``, `watchedSpans` names the buckets whose busiest window-length
    /// span is kept in ``RequestStats/maxRequestsInWindowSpan``.
    public init(
        limiters: [String: RateLimiter],
        faults: FaultInjection = .none,
        overlaps: [RequestStats.Overlap] = [],
        watchedSpans: Set<String> = []
    ) {
        self.faults = faults
        self.overlaps = overlaps
        self.watchedSpans = watchedSpans
        self.guarded = Mutex(Guarded(limiters: limiters, storm429Remaining: max(0, faults.storm429)))
    }

    public var stats: RequestStats {
        guarded.withLock { $0.stats }
    }

    public func resetStats() {
        guarded.withLock { $0.stats = RequestStats() }
    }

    /// Marks a request as being answered (until ``end(route:)``), for the concurrency counters.
    public func begin(route: String) {
        guarded.withLock { state in
            state.inFlight[route, default: 0] += 1
            let total = state.inFlight.values.reduce(0, +)
            state.stats.maxConcurrentRequests = max(state.stats.maxConcurrentRequests, total)
            for overlap in overlaps where overlap.arriving == route && state.inFlight[overlap.inFlight, default: 0] > 0
            {
                state.stats.arrivalsWhileInFlight[overlap, default: 0] += 1
            }
        }
    }

    public func end(route: String) {
        guarded.withLock { $0.inFlight[route, default: 1] -= 1 }
    }

    /// Counts one served request; `status` is nil for a dropped connection.
    public func record(route: String, status: Int?) {
        guarded.withLock { $0.stats.record(route: route, status: status) }
    }

    /// Lets `count` more authenticated requests through, then holds every later one until
    /// ``releaseHeld()``.
    public func hold(after count: Int) {
        guarded.withLock {
            $0.holdAfter = max(0, count)
            $0.passedBeforeHold = 0
            $0.release = OneTimeEvent()
        }
    }

    /// Lets every held request go on, and holds no more.
    public func releaseHeld() {
        let release = guarded.withLock { state in
            state.holdAfter = nil
            return state.release
        }
        release.happen()
    }

    /// Requests waiting at the hold right now.
    public var heldCount: Int { guarded.withLock { $0.heldCount } }

    /// Returns at once, or, while a hold is in force and its allowance is used up, when the hold is
    /// released or the request's task is cancelled (the server stopping).
    public func passHold() async {
        let release: OneTimeEvent? = guarded.withLock { state in
            guard let limit = state.holdAfter else { return nil }
            if state.passedBeforeHold < limit {
                state.passedBeforeHold += 1
                return nil
            }
            state.heldCount += 1
            return state.release
        }
        guard let release else { return }
        await release.wait()
        guarded.withLock { $0.heldCount -= 1 }
    }

    /// Makes the next `count` authenticated requests answer 429; with `after`, their wait (and their
    /// primary window end) is that many seconds from now instead of the end of the window.
    public func force429(next count: Int, after seconds: Int64? = nil) {
        guarded.withLock {
            $0.forced429Remaining = max(0, count)
            $0.forced429After = seconds.map { max(1, $0) }
        }
    }

    /// Counts an authenticated request of `key` at `now` (seconds, sub-second precision) in each of
    /// `buckets` (consuming one storm or forced 429 if any) and, when it is allowed, picks its injected fault.
    ///
    /// - Precondition: `buckets` is not empty and names buckets this state was created with.
    public func admit(key: String, buckets: [String], now: Double) -> Admission {
        precondition(!buckets.isEmpty, "a request counts in at least one bucket")
        let second = Int64(now.rounded(.down))
        return guarded.withLock { state in
            // Arrived before the Retry-After of an earlier 429 had passed?
            if buckets.contains(where: { state.retryDeadlines[Self.slot($0, key)].map { now < $0 } ?? false }) {
                state.stats.requestsBeforeRetryAfter += 1
            }
            for bucket in buckets where watchedSpans.contains(bucket) {
                let span = Double(state.limiters[bucket]?.windowSeconds ?? 60)
                let count = state.arrivals[Self.slot(bucket, key), default: Arrivals()].add(now, span: span)
                state.stats.maxRequestsInWindowSpan[bucket] = max(
                    state.stats.maxRequestsInWindowSpan[bucket, default: 0],
                    count
                )
            }

            let storm = state.storm429Remaining > 0
            let forced = !storm && state.forced429Remaining > 0
            if storm { state.storm429Remaining -= 1 }
            if forced { state.forced429Remaining -= 1 }
            var decisions: [RateLimiter.Decision] = []
            for (position, bucket) in buckets.enumerated() {
                guard var limiter = state.limiters[bucket] else { preconditionFailure("unknown bucket \(bucket)") }
                decisions.append(
                    limiter.admit(key: key, now: second, forceRejection: position == 0 && (storm || forced))
                )
                state.limiters[bucket] = limiter
            }
            if forced, let after = state.forced429After { decisions[0].reset = second + after }
            if buckets.contains(where: { state.refusedUntil[Self.slot($0, key)].map { now < Double($0) } ?? false }) {
                state.stats.requestsIntoRefusedWindow += 1
            }
            for (bucket, decision) in zip(buckets, decisions) where !decision.allowed {
                state.refusedUntil[Self.slot(bucket, key)] = decision.reset
            }

            var admission = Admission(decisions: decisions)
            if storm || forced {
                admission.rejection = storm ? .storm : .forced
                admission.retryAfter =
                    forced
                    ? state.forced429After ?? Self.wait(until: decisions[0].reset, now: now)
                    : Self.wait(until: decisions[0].reset, now: now)
                state.retryDeadlines[Self.slot(buckets[0], key)] = now + Double(admission.retryAfter ?? 1)
                if storm { state.stats.injectedFaults[FaultInjection.storm429StatsName, default: 0] += 1 }
                return admission
            }
            for (bucket, decision) in zip(buckets, decisions) where !decision.allowed {
                let wait = Self.wait(until: decision.reset, now: now)
                state.retryDeadlines[Self.slot(bucket, key)] = now + Double(wait)
                if wait > admission.retryAfter ?? 0 {
                    admission.retryAfter = wait
                    admission.rejection = .overLimit(bucket: bucket)
                }
            }
            guard admission.rejection == nil else { return admission }
            let windowSeconds = state.limiters[buckets[0]]?.windowSeconds ?? 10
            let windowStart = second - ((second % windowSeconds) + windowSeconds) % windowSeconds
            state.stats.admittedPerWindow[key, default: [:]][windowStart, default: 0] += 1
            let fault = faults.fault(at: state.nextSequence)
            state.nextSequence += 1
            if let fault { state.stats.injectedFaults[fault.statsName, default: 0] += 1 }
            admission.fault = fault
            return admission
        }
    }

    /// Whole seconds from `now` to `end`, rounded up, at least 1.
    public static func wait(until end: Int64, now: Double) -> Int64 {
        max(1, Int64((Double(end) - now).rounded(.up)))
    }

    private static func slot(_ bucket: String, _ key: String) -> String {
        bucket + "\u{0}" + key
    }
}

extension ServerState.Admission {
    fileprivate init(decisions: [RateLimiter.Decision]) {
        self.init(decisions: decisions, rejection: nil, retryAfter: nil, fault: nil)
    }
}

extension ServerState {
    /// Answers one request of `route`: counts it as in flight while `answer` runs, records its status
    /// (none for a dropped connection) and logs it; a dropped connection closes the channel and throws.
    public func serve(
        route: String,
        context: FakeRequestContext,
        logger: Logger,
        _ answer: () async throws -> ResponderOutcome
    ) async throws -> Response {
        begin(route: route)
        defer { end(route: route) }
        switch try await answer() {
        case .response(let response):
            let status = Int(response.status.code)
            record(route: route, status: status)
            logger.debug(
                "Served fake API request",
                metadata: ["http.route": .string(route), "http.status": .stringConvertible(status)]
            )
            return response
        case .dropConnection:
            record(route: route, status: nil)
            logger.debug("Dropped fake API connection", metadata: ["http.route": .string(route)])
            throw await context.dropConnection()
        }
    }
}
