import Synchronization

/// Spaces out warnings about the same thing (a host that cannot be reached): the first one goes
/// out, then at most one per interval. The caller passes the time, so tests need no sleeping.
final class WarningThrottle: Sendable {
    private let lastWarned = Mutex<[String: Double]>([:])

    /// Whether to warn about `key` at `now` (seconds); if so, `now` counts as its last warning.
    func shouldWarn(about key: String, now: Double, interval: Double) -> Bool {
        lastWarned.withLock { lastWarned in
            if let last = lastWarned[key], now - last < interval, now >= last { return false }
            lastWarned[key] = now
            return true
        }
    }
}
