import FakeIntercom
import Foundation
import IngestCore
import IngestHTTP
import IngestSQLite
import IntercomConnector
import Testing

/// Issue 4's first must-hold: an API that fails, drops connections and truncates bodies still ends
/// with every conversation stored exactly once.
@Suite("Extractor under injected faults", .timeLimit(.minutes(10)))
struct FaultToleranceTests {
    @Test func threeThousandConversationsSurviveServerErrorsDropsAndTruncation() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 3_000, conversationCount: 3_000, meanParts: 4)
        let faults = FaultInjection(seed: 7, serverErrorRate: 0.05, dropConnectionRate: 0.01, truncatedBodyRate: 0.01)
        let configuration = FakeIntercomConfiguration(workspaces: [token: spec], faults: faults)
        try await FakeIntercomServer.withRunning(configuration) { server in
            let harness = try ExtractorHarness(
                baseURL: server.baseURL,
                token: token,
                retryPolicy: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(20), maxDelay: .milliseconds(500))
            )
            defer { harness.remove() }
            let counts = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(counts.stored == 3_000)
            #expect(counts.failed == 0 && counts.missing == 0)
            let stored = try await harness.stored()
            #expect(stored.count == 3_000)
            #expect(Set(stored.map(\.externalID)).count == 3_000)
            let injected = server.stats.injectedFaults
            // The faults really happened, at about the configured rates.
            #expect((injected["500"] ?? 0) + (injected["502"] ?? 0) + (injected["503"] ?? 0) > 60)
            #expect((injected["drop"] ?? 0) > 5)
            #expect((injected["truncated"] ?? 0) > 5)
        }
    }
}

@Suite("Extractor under a tight rate limit", .timeLimit(.minutes(10)))
struct RateLimitTests {
    /// A limit far below the worker's appetite (8 requests in flight, 40 allowed per 10-second
    /// window): the budget paces from the headers, so no request goes into a window the server
    /// already refused and 429s stay a small share.
    @Test func noRequestIsSentIntoARefusedWindow() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 40, conversationCount: 110, meanParts: 3)
        let configuration = FakeIntercomConfiguration(workspaces: [token: spec], rateLimitPerWindow: 40)
        try await FakeIntercomServer.withRunning(configuration) { server in
            let harness = try ExtractorHarness(baseURL: server.baseURL, token: token)
            defer { harness.remove() }
            let counts = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(counts.stored == 110)
            let stats = server.stats
            #expect(stats.requestsIntoRefusedWindow == 0, "\(stats)")
            #expect(Double(stats.rateLimited) <= 0.05 * Double(stats.total), "\(stats)")
        }
    }
}
