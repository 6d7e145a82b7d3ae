import IngestHTTP
import Testing

@Suite("Retry policy table")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(5))

    @Test(arguments: [408, 429, 500, 502, 503, 504, 599])
    func retries(status: Int) {
        #expect(policy.decision(for: .status(status)) == .retry)
    }

    @Test(arguments: [400, 401, 403, 404, 405, 406, 409, 422])
    func failsAtOnce(status: Int) {
        #expect(policy.decision(for: .status(status)) == .fail)
    }

    @Test func transportFailuresAndBadBodiesRetry() {
        #expect(policy.decision(for: .transportFailure) == .retry)
        #expect(policy.decision(for: .undecodableBody) == .retry)
        #expect(policy.decision(for: .status(200)) == .succeed)
    }

    @Test func backoffGrowsAndIsCapped() {
        #expect(policy.backoff(afterAttempt: 1, unit: 1) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 3, unit: 1) == .milliseconds(400))
        #expect(policy.backoff(afterAttempt: 30, unit: 1) == .seconds(5))
        // Jitter stays within [10%, 100%] of the bound.
        #expect(policy.backoff(afterAttempt: 3, unit: 0) == .milliseconds(40))
    }
}

@Suite("Request budget state machine")
struct RequestBudgetStateTests {
    @Test func proceedsWhileTheWindowHasRoom() {
        var state = RequestBudgetState(jitter: 0)
        #expect(state.acquire(now: 100, unit: 0) == .proceed)
        state.complete(status: 200, limit: 3, remaining: 2, reset: 110, now: 100.1, unit: 0)
        #expect(state.acquire(now: 101, unit: 0) == .proceed)
        #expect(state.acquire(now: 101, unit: 0) == .proceed)
        // Two in flight against two remaining: the window is spoken for.
        #expect(state.acquire(now: 101, unit: 0) == .waitUntil(110))
    }

    @Test func outOfOrderAnswersKeepTheLowestRemaining() {
        var state = RequestBudgetState(jitter: 0)
        _ = state.acquire(now: 100, unit: 0)
        _ = state.acquire(now: 100, unit: 0)
        state.complete(status: 200, limit: 10, remaining: 3, reset: 110, now: 100, unit: 0)
        state.complete(status: 200, limit: 10, remaining: 4, reset: 110, now: 100, unit: 0)
        #expect(state.remaining == 3)
    }

    @Test func aNewWindowOpensAtReset() {
        var state = RequestBudgetState(jitter: 0)
        _ = state.acquire(now: 100, unit: 0)
        state.complete(status: 200, limit: 5, remaining: 0, reset: 110, now: 100, unit: 0)
        #expect(state.acquire(now: 105, unit: 0) == .waitUntil(110))
        #expect(state.acquire(now: 110, unit: 0) == .proceed)
    }

    @Test func a429BlocksEveryoneUntilResetPlusJitter() {
        var state = RequestBudgetState(jitter: 0.5)
        _ = state.acquire(now: 100, unit: 0)
        state.complete(status: 429, limit: 5, remaining: 0, reset: 110, now: 100, unit: 1)
        #expect(state.acquire(now: 109, unit: 0) == .waitUntil(110.5))
        #expect(state.acquire(now: 110.6, unit: 0) == .proceed)
    }

    @Test func headerless429sBackOffExponentially() {
        var state = RequestBudgetState(jitter: 0, fallbackBackoff: (base: 1, cap: 8))
        _ = state.acquire(now: 0, unit: 0)
        state.complete(status: 429, limit: nil, remaining: nil, reset: nil, now: 0, unit: 1)
        #expect(state.blockedUntil == 1)
        _ = state.acquire(now: 1, unit: 0)
        state.complete(status: 429, limit: nil, remaining: nil, reset: nil, now: 1, unit: 1)
        #expect(state.blockedUntil == 3)
        _ = state.acquire(now: 3, unit: 0)
        state.complete(status: 429, limit: nil, remaining: nil, reset: nil, now: 3, unit: 1)
        #expect(state.blockedUntil == 7)
        for time in [7.0, 15, 23] {
            _ = state.acquire(now: time, unit: 0)
            state.complete(status: 429, limit: nil, remaining: nil, reset: nil, now: time, unit: 1)
        }
        // Capped at 8 seconds.
        #expect(state.blockedUntil == 31)
    }

    @Test func abandonedRequestsFreeTheirSlot() {
        var state = RequestBudgetState(jitter: 0)
        _ = state.acquire(now: 0, unit: 0)
        state.complete(status: 200, limit: 2, remaining: 1, reset: 10, now: 0, unit: 0)
        #expect(state.acquire(now: 1, unit: 0) == .proceed)
        #expect(state.acquire(now: 1, unit: 0) == .waitUntil(10))
        state.abandon(now: 1)
        #expect(state.inFlight == 0)
        #expect(state.acquire(now: 1, unit: 0) == .proceed)
    }
}
