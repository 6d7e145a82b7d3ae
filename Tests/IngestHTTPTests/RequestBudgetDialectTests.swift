import Foundation
import IngestHTTP
import Testing

@Suite("Request budgets: Retry-After, resets counted from now, limits kept by the client")
struct RequestBudgetDialectTests {
    @Test func theStandardDialectReadsIntegerHeadersWhateverTheirCaseOrSurroundingBlanks() {
        let response = RESTResponse(
            status: 429,
            headers: [
                "x-ratelimit-limit": " 10000", "x-ratelimit-remaining": "\t0 ", "x-ratelimit-reset": "1767225600",
                "retry-after": "  ",
            ],
            body: Data()
        )
        let reading = APIDialect.standard.readRateLimit(response)
        #expect(reading == RateLimitReading(limit: 10_000, remaining: 0, resetAt: 1_767_225_600, retryAfter: nil))
        #expect(response.intHeader("X-RATELIMIT-LIMIT") == 10_000)
        for odd in ["", " ", "1 2", "12a", "1.5", "\u{A0}7", "99999999999999999999999"] {
            let oddResponse = RESTResponse(status: 200, headers: ["retry-after": odd], body: Data())
            #expect(oddResponse.intHeader("Retry-After") == nil, "\(odd.debugDescription) is no integer")
        }
        #expect(RESTResponse(status: 200, headers: ["retry-after": "-3"], body: Data()).intHeader("Retry-After") == -3)
    }

    @Test func noRequestGoesOutBeforeA429sRetryAfter() {
        var state = RequestBudgetState(jitter: 0.25)
        #expect(state.acquire(now: 100, unit: 0) == .proceed)
        state.complete(status: 429, limit: 700, remaining: nil, reset: nil, retryAfter: 37, now: 100.5, unit: 0.5)
        #expect(state.acquire(now: 137, unit: 0) == .waitUntil(137.625))
        #expect(state.acquire(now: 137.7, unit: 0) == .proceed)
    }

    @Test func aResetCountedFromNowNamesOneWindowAcrossAnswers() {
        var state = RequestBudgetState(jitter: 0)
        _ = state.acquire(now: 0, unit: 0)
        _ = state.acquire(now: 0, unit: 0)
        // The same window reported as "37 s from now" a fraction of a second apart, out of order.
        state.complete(status: 200, limit: 10, remaining: 3, reset: 37.2, now: 0.2, unit: 0)
        state.complete(status: 200, limit: 10, remaining: 4, reset: 37.9, now: 0.9, unit: 0)
        #expect(state.remaining == 3)
        #expect(state.resetAt == 37.9)
    }

    @Test func aClientLimitAllowsSoManyRequestsInAnySpan() {
        var state = RequestBudgetState(jitter: 0, clientLimit: ClientRateLimit(requests: 10, seconds: 61))
        for second in 0..<10 {
            #expect(state.acquire(now: Double(second), unit: 0) == .proceed)
            state.complete(status: 200, limit: nil, remaining: nil, reset: nil, now: Double(second) + 0.1, unit: 0)
        }
        // Counted from the answers: the server saw each request no later than it answered.
        #expect(state.acquire(now: 20, unit: 0) == .waitUntil(61.1))
        #expect(state.acquire(now: 61.1, unit: 0) == .proceed)
        #expect(state.acquire(now: 61.5, unit: 0) == .waitUntil(62.1))
    }

    @Test func aClientLimitCountsRequestsStillOnTheirWaySoSlowOnesCannotBunchUpAtTheServer() {
        var state = RequestBudgetState(jitter: 0, clientLimit: ClientRateLimit(requests: 3, seconds: 61))
        for _ in 0..<3 { #expect(state.acquire(now: 0, unit: 0) == .proceed) }
        // Three in flight, none answered: however long they take, a fourth waits.
        #expect(state.acquire(now: 100, unit: 0) == .waitUntil(100.1))
        state.complete(status: 200, limit: nil, remaining: nil, reset: nil, now: 150, unit: 0)
        state.abandon(now: 151)
        #expect(state.acquire(now: 152, unit: 0) == .waitUntil(211))
        state.complete(status: 200, limit: nil, remaining: nil, reset: nil, now: 152, unit: 0)
        #expect(state.acquire(now: 211, unit: 0) == .proceed)
        #expect(state.acquire(now: 211.5, unit: 0) == .waitUntil(212))
    }

    @Test func aRequestNamesItsBudgetAndEachScopeOfAnAccountHasItsOwn() {
        let budgets = RequestBudgets()
        let plan = budgets.budget(host: "https://acme.zendesk.com", token: "t")
        let export = budgets.budget(host: "https://acme.zendesk.com", token: "t", scope: "export")
        #expect(plan !== export)
        #expect(budgets.budget(host: "https://acme.zendesk.com", token: "t") === plan)
        #expect(budgets.budget(host: "https://acme.zendesk.com", token: "t", scope: "export") === export)
    }
}
