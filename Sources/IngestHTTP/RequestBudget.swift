public import Foundation
import IngestCore
import Synchronization

/// The request budget of one API workspace (one token), or of one of its limits, shared by every
/// concurrent request of a worker that spends it. Wraps ``RequestBudgetState`` with the real clock.
public final class RequestBudget: Sendable {
    private let state: Mutex<RequestBudgetState>
    private let clock: @Sendable () -> Double
    /// Seconds spent waiting for the budget, in all.
    private let waited = Mutex<Double>(0)

    public init(
        jitter: Double = 0.25,
        clientLimit: ClientRateLimit? = nil,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.state = Mutex(RequestBudgetState(jitter: jitter, clientLimit: clientLimit))
        self.clock = clock
    }

    /// Waits until a request may go out, then counts it as in flight.
    public func acquire() async throws {
        while true {
            let now = clock()
            let decision = state.withLock { $0.acquire(now: now, unit: Double.random(in: 0..<1)) }
            switch decision {
            case .proceed: return
            case .waitUntil(let time):
                let seconds = max(time - now, 0.001)
                waited.withLock { $0 += seconds }
                HTTPMetrics.budgetWait(seconds: seconds)
                // A graceful shutdown ends the wait at once (CancellationError): the job goes back on the queue.
                try await ShutdownSignal.sleep(for: .milliseconds(Int((seconds * 1000).rounded(.up))))
            }
        }
    }

    /// Feeds back the answer's status and rate-limit headers.
    public func complete(status: Int?, limit: Int?, remaining: Int?, reset: Double?, retryAfter: Double? = nil) {
        let now = clock()
        state.withLock {
            $0.complete(
                status: status,
                limit: limit,
                remaining: remaining,
                reset: reset,
                retryAfter: retryAfter,
                now: now,
                unit: Double.random(in: 0..<1)
            )
        }
    }

    /// Feeds back the answer's status and the rate-limit figures its API's dialect read; a reset
    /// counted from now is taken from this budget's clock.
    public func complete(status: Int?, reading: RateLimitReading) {
        let reset = reading.resetAt ?? reading.resetAfter.map { clock() + $0 }
        complete(
            status: status,
            limit: reading.limit,
            remaining: reading.remaining,
            reset: reset,
            retryAfter: status == 429 ? reading.retryAfter : nil
        )
    }

    public func abandon() {
        let now = clock()
        state.withLock { $0.abandon(now: now) }
    }

    /// Seconds callers have spent waiting for this budget.
    public var secondsWaited: Double { waited.withLock { $0 } }
}
