import IngestCore
import Synchronization

/// The mutable state of a running fake, shared by all request handlers behind one lock.
final class ServerState: Sendable {
    /// The outcome of the rate-limit check and fault plan for one authenticated request.
    struct Admission: Sendable {
        var decision: RateLimiter.Decision
        /// The fault to inject into an allowed request, if any.
        var fault: FaultInjection.Fault?
    }

    private struct Guarded {
        var stats = RequestStats()
        var limiter: RateLimiter
        var forced429Remaining = 0
        /// Seconds from now a forced 429's `X-RateLimit-Reset` names, instead of the window's end.
        var forced429ResetAfter: Int64?
        var storm429Remaining: Int
        /// Sequence number of the next request that passes the rate limit (drives ``FaultInjection``).
        var nextSequence: UInt64 = 0
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

    init(rateLimitPerWindow: Int?, faults: FaultInjection = .none) {
        self.faults = faults
        self.guarded = Mutex(
            Guarded(limiter: RateLimiter(limit: rateLimitPerWindow), storm429Remaining: max(0, faults.storm429))
        )
    }

    var stats: RequestStats {
        guarded.withLock { $0.stats }
    }

    func resetStats() {
        guarded.withLock { $0.stats = RequestStats() }
    }

    /// Marks a request as being answered (until ``end(route:)``), for the concurrency counters.
    func begin(route: String) {
        guarded.withLock { state in
            state.inFlight[route, default: 0] += 1
            let total = state.inFlight.values.reduce(0, +)
            state.stats.maxConcurrentRequests = max(state.stats.maxConcurrentRequests, total)
            if route == "list", state.inFlight["retrieve", default: 0] > 0 {
                state.stats.listsWhileRetrievesInFlight += 1
            }
        }
    }

    func end(route: String) {
        guarded.withLock { $0.inFlight[route, default: 1] -= 1 }
    }

    /// Counts one served request; `status` is nil for a dropped connection.
    func record(route: String, status: Int?) {
        guarded.withLock { $0.stats.record(route: route, status: status) }
    }

    /// Lets `count` more authenticated requests through, then holds every later one until
    /// ``releaseHeld()``.
    func hold(after count: Int) {
        guarded.withLock {
            $0.holdAfter = max(0, count)
            $0.passedBeforeHold = 0
            $0.release = OneTimeEvent()
        }
    }

    /// Lets every held request go on, and holds no more.
    func releaseHeld() {
        let release = guarded.withLock { state in
            state.holdAfter = nil
            return state.release
        }
        release.happen()
    }

    /// Requests waiting at the hold right now.
    var heldCount: Int { guarded.withLock { $0.heldCount } }

    /// Returns at once, or, while a hold is in force and its allowance is used up, when the hold is
    /// released or the request's task is cancelled (the server stopping).
    func passHold() async {
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

    func force429(next count: Int, resetAfter seconds: Int64? = nil) {
        guarded.withLock {
            $0.forced429Remaining = max(0, count)
            $0.forced429ResetAfter = seconds
        }
    }

    /// Counts an authenticated request against its token's window (consuming one storm or forced 429 if
    /// any) and, when it is allowed, picks its injected fault.
    func admit(token: String, now: Int64) -> Admission {
        guarded.withLock { state in
            let storm = state.storm429Remaining > 0
            let forced = !storm && state.forced429Remaining > 0
            if storm { state.storm429Remaining -= 1 }
            if forced { state.forced429Remaining -= 1 }
            var decision = state.limiter.admit(key: token, now: now, forceRejection: storm || forced)
            if forced, let resetAfter = state.forced429ResetAfter { decision.reset = now + resetAfter }
            if decision.intoRefusedWindow { state.stats.requestsIntoRefusedWindow += 1 }
            guard decision.allowed else {
                if storm { state.stats.injectedFaults[FaultInjection.storm429StatsName, default: 0] += 1 }
                return Admission(decision: decision, fault: nil)
            }
            let fault = faults.fault(at: state.nextSequence)
            state.nextSequence += 1
            if let fault { state.stats.injectedFaults[fault.statsName, default: 0] += 1 }
            return Admission(decision: decision, fault: fault)
        }
    }
}
