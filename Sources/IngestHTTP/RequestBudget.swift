public import Foundation
import IngestCore
import Synchronization

/// The request budget of one API workspace (one token), shared by every concurrent request of a
/// worker to that workspace. Wraps ``RequestBudgetState`` with the real clock.
public final class RequestBudget: Sendable {
    private let state: Mutex<RequestBudgetState>
    private let clock: @Sendable () -> Double
    /// Seconds spent waiting for the budget, in all.
    private let waited = Mutex<Double>(0)

    public init(jitter: Double = 0.25, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.state = Mutex(RequestBudgetState(jitter: jitter))
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
    public func complete(status: Int?, limit: Int?, remaining: Int?, reset: Double?) {
        let now = clock()
        state.withLock {
            $0.complete(
                status: status,
                limit: limit,
                remaining: remaining,
                reset: reset,
                now: now,
                unit: Double.random(in: 0..<1)
            )
        }
    }

    public func abandon() {
        state.withLock { $0.abandon() }
    }

    /// Seconds callers have spent waiting for this budget.
    public var secondsWaited: Double { waited.withLock { $0 } }
}
