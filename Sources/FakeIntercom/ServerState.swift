import Synchronization

/// The mutable state of a running fake, shared by all request handlers behind one lock.
final class ServerState: Sendable {
    private struct Guarded {
        var stats = RequestStats()
        var limiter: RateLimiter
        var forced429Remaining = 0
    }

    private let guarded: Mutex<Guarded>

    init(rateLimitPerWindow: Int?) {
        self.guarded = Mutex(Guarded(limiter: RateLimiter(limit: rateLimitPerWindow)))
    }

    var stats: RequestStats {
        guarded.withLock { $0.stats }
    }

    func resetStats() {
        guarded.withLock { $0.stats = RequestStats() }
    }

    func record(route: String, status: Int) {
        guarded.withLock { $0.stats.record(route: route, status: status) }
    }

    func force429(next count: Int) {
        guarded.withLock { $0.forced429Remaining = max(0, count) }
    }

    /// Counts an authenticated request against its token's window (consuming one forced 429 if any).
    func admit(token: String, now: Int64) -> RateLimiter.Decision {
        guarded.withLock { state in
            let forced = state.forced429Remaining > 0
            if forced { state.forced429Remaining -= 1 }
            return state.limiter.admit(key: token, now: now, forceRejection: forced)
        }
    }
}
