import FakeIntercom
import Foundation
import IngestCore
import IngestHTTP
import IngestSQLite
import IntercomConnector
import Logging
import Synchronization
import Testing

@Suite("Intercom extractor against FakeIntercom")
struct ExtractorTests {
    static let token = "test-token-\(UUID().uuidString)"

    func withWorkspace(
        _ spec: WorkspaceSpec,
        deleted: Set<String> = [],
        _ body: (FakeIntercomServer, ExtractorHarness, Workspace) async throws -> Void
    ) async throws {
        let configuration = FakeIntercomConfiguration(workspaces: [Self.token: spec], deletedIDs: deleted)
        try await FakeIntercomServer.withRunning(configuration) { server in
            let harness = try ExtractorHarness(baseURL: server.baseURL, token: Self.token)
            defer { harness.remove() }
            try await body(server, harness, Workspace(spec: spec))
        }
    }

    /// DESIGN §5: the next page is listed while the current one is fetched, and many retrieves are in
    /// flight at once; with a concurrency of 1 it is the sequential design, one request at a time.
    @Test(arguments: [IntercomConnector.defaultFetchConcurrency, 1])
    func pagesOverlapAndRequestsRunConcurrentlyUnlessSequential(fetchConcurrency: Int) async throws {
        let spec = WorkspaceSpec(seed: 8, conversationCount: 300)
        let configuration = FakeIntercomConfiguration(workspaces: [Self.token: spec], latency: .milliseconds(5))
        try await FakeIntercomServer.withRunning(configuration) { server in
            let harness = try ExtractorHarness(baseURL: server.baseURL, token: Self.token)
            defer { harness.remove() }
            let counts = try await harness.run(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 30),
                fetchConcurrency: fetchConcurrency
            )
            #expect(counts.stored == 300 && counts.pages == 10)
            let stats = server.stats
            if fetchConcurrency == 1 {
                #expect(stats.maxConcurrentRequests == 1)
                #expect(stats.listsWhileRetrievesInFlight == 0)
            } else {
                // The shared test client allows 8 connections per host.
                #expect(stats.maxConcurrentRequests >= 6, "\(stats.maxConcurrentRequests) at once")
                // The first lists go out before any retrieve; most later ones while the previous page is fetched.
                #expect(stats.listsWhileRetrievesInFlight >= 5, "\(stats.listsWhileRetrievesInFlight) of 10 lists")
            }
            #expect(try await harness.stored().count == 300)
        }
    }

    @Test func fetchAllStoresEveryConversationWithEveryPart() async throws {
        let spec = WorkspaceSpec(seed: 7, conversationCount: 620, appID: "app7")
        try await withWorkspace(spec) { server, harness, workspace in
            let counts = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(counts.stored == 620)
            #expect(counts.pages == 5)  // 150 · 4 + 20
            #expect(counts.failed == 0 && counts.missing == 0)
            #expect(server.stats.byRoute["list"] == 5)
            #expect(server.stats.byRoute["retrieve"] == 620)

            let stored = try await harness.stored()
            #expect(stored.count == 620)
            #expect(Set(stored.map(\.externalID)).count == 620)
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.externalID, $0) })
            var checkedParts = 0
            for index in 0..<workspace.count {
                let generated = workspace.conversation(at: index)
                let artifact = try #require(byID[generated.id])
                #expect(artifact.url == "https://app.intercom.com/a/inbox/app7/inbox/conversation/\(generated.id)")
                // Every part returned by the API (the newest 500) has its own heading in the transcript.
                let returned = min(generated.parts.count, 500)
                let headings = artifact.content.split(separator: "\n").filter { $0.hasPrefix("— ") }.count
                #expect(headings == returned + 1, "conversation \(generated.id)")
                checkedParts += returned
                if let phrase = generated.uniquePartPhrase {
                    #expect(artifact.content.contains(phrase))
                }
            }
            #expect(checkedParts > 620)
        }
    }

    @Test func aSecondRunWritesNothing() async throws {
        let spec = WorkspaceSpec(seed: 3, conversationCount: 200)
        try await withWorkspace(spec) { _, harness, _ in
            let first = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(first.stored == 200)
            let second = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(second.stored == 0 && second.updated == 0)
            #expect(second.unchanged == 200)
            #expect(try await harness.artifacts.countArtifacts(tenantID: harness.tenant, source: .intercom) == 200)
        }
    }

    @Test func specificIDsFetchOnlyThoseAndRecordMissing() async throws {
        let spec = WorkspaceSpec(seed: 5, conversationCount: 300)
        let workspace = Workspace(spec: spec)
        let wanted = [
            workspace.conversation(at: 3).id, workspace.conversation(at: 250).id, workspace.conversation(at: 3).id,
        ]
        let deletedID = workspace.conversation(at: 10).id
        try await withWorkspace(spec, deleted: [deletedID]) { server, harness, _ in
            let jobID = JobID.random()
            let counts = try await harness.run(
                IntercomConversationsBackfillConfig(
                    tenantID: harness.tenant,
                    conversationIDs: wanted + [deletedID, "99999999"]
                ),
                jobID: jobID
            )
            #expect(counts.stored == 2)
            #expect(counts.missing == 2)
            #expect(counts.failed == 0)
            #expect(server.stats.byRoute["list"] == nil)
            #expect(server.stats.byRoute["retrieve"] == 4)
            #expect(Set(try await harness.stored().map(\.externalID)) == Set(wanted))
            let issues = try await harness.jobRecords.itemIssues(jobID: jobID, limit: 10)
            #expect(Set(issues.map(\.externalID)) == [deletedID, "99999999"])
            #expect(issues.allSatisfy { $0.kind == .missing })
        }
    }

    @Test func maxPagesStopsExactly() async throws {
        try await withWorkspace(WorkspaceSpec(seed: 9, conversationCount: 100)) { server, harness, workspace in
            let counts = try await harness.run(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 7, maxPages: 3)
            )
            #expect(counts.pages == 3)
            #expect(counts.stored == 21)
            #expect(server.stats.byRoute["list"] == 3)
            let expected = Set((0..<21).map { workspace.conversation(at: $0).id })
            #expect(Set(try await harness.stored().map(\.externalID)) == expected)
        }
    }

    @Test func maxConversationsStopsExactlyMidPage() async throws {
        try await withWorkspace(WorkspaceSpec(seed: 9, conversationCount: 100)) { server, harness, _ in
            let counts = try await harness.run(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 10, maxConversations: 25)
            )
            #expect(counts.stored == 25)
            #expect(counts.pages == 3)
            #expect(server.stats.byRoute["retrieve"] == 25)
            #expect(try await harness.artifacts.countArtifacts(tenantID: harness.tenant, source: .intercom) == 25)
        }
    }

    @Test func ascendingOrderAndStartingAfterAreHonoured() async throws {
        try await withWorkspace(WorkspaceSpec(seed: 2, conversationCount: 30)) { _, harness, workspace in
            _ = try await harness.run(
                IntercomConversationsBackfillConfig(
                    tenantID: harness.tenant,
                    perPage: 5,
                    order: .asc,
                    maxConversations: 5
                )
            )
            let expected = Set((25..<30).map { workspace.conversation(at: $0).id })
            #expect(Set(try await harness.stored().map(\.externalID)) == expected)
        }
    }

    @Test func aRestartedJobResumesFromItsCheckpoint() async throws {
        try await withWorkspace(WorkspaceSpec(seed: 4, conversationCount: 90)) { server, harness, _ in
            let jobID = JobID.random()
            // First attempt: stopped after 2 pages (as if the worker died there).
            _ = try await harness.run(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 20, maxPages: 2),
                jobID: jobID
            )
            let checkpoint = try #require(
                try await harness.checkpoints.checkpoint(jobID: jobID, tenantID: harness.tenant)
            )
            #expect(checkpoint.finished)
            // A checkpoint mid-way: rewrite it as unfinished with its cursor, then resume without limits.
            var midway = checkpoint
            midway.finished = false
            midway.cursor = try await firstCursorAfter(pages: 2, perPage: 20, harness: harness, server: server)
            try await harness.checkpoints.saveCheckpoint(midway)
            server.resetStats()
            let counts = try await harness.run(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 20),
                jobID: jobID
            )
            #expect(counts.stored == 90)
            #expect(counts.pages == 5)
            #expect(server.stats.byRoute["retrieve"] == 50)
            #expect(try await harness.artifacts.countArtifacts(tenantID: harness.tenant, source: .intercom) == 90)
            #expect(try await harness.checkpoints.checkpoint(jobID: jobID, tenantID: harness.tenant)?.finished == true)
            // Finished: running it again does nothing at all.
            server.resetStats()
            #expect(
                try await harness.run(
                    IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 20),
                    jobID: jobID
                ).stored == 90
            )
            #expect(server.stats.total == 0)
        }
    }

    /// The cursor Intercom hands out after `pages` pages.
    func firstCursorAfter(
        pages: Int,
        perPage: Int,
        harness: ExtractorHarness,
        server: FakeIntercomServer
    ) async throws -> String? {
        let client = try await IntercomClient.make(
            tenantID: harness.tenant,
            region: nil,
            secrets: harness.secrets,
            environment: harness.environment,
            logger: .init(label: "t")
        )
        var cursor: String?
        for _ in 0..<pages {
            cursor = try await client.getConversations(perPage: perPage, startingAfter: cursor, order: .desc).nextCursor
        }
        return cursor
    }

    @Test func aBadTokenFailsTheJobAtOnceWithAnActionableMessage() async throws {
        let spec = WorkspaceSpec(conversationCount: 10)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["right": spec])) { server in
            let harness = try ExtractorHarness(baseURL: server.baseURL, token: "wrong-token-value")
            defer { harness.remove() }
            await #expect {
                try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            } throws: { error in
                guard let error = error as? IngestError else { return false }
                return error.code == .unauthorized && error.message.contains("tenant acme")
                    && error.message.contains("401 unauthorized")
                    && error.message.contains("ingest secrets set --tenant-id acme")
                    && !error.message.contains("wrong-token-value")
            }
            #expect(server.stats.total == 1)
        }
    }

    @Test func aMissingTokenIsAConfigurationError() async throws {
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [:])) { server in
            let harness = try ExtractorHarness(baseURL: server.baseURL, token: "x", tenant: "other")
            defer { harness.remove() }
            let context = harness.context()
            let stranger = try TenantID("stranger")
            var strangerContext = context
            strangerContext.tenantID = stranger
            await #expect {
                try await IntercomConversationsBackfillExtractor(environment: harness.environment)
                    .processJob(IntercomConversationsBackfillConfig(tenantID: stranger), context: strangerContext)
            } throws: { error in
                (error as? IngestError)?.code == .configuration
                    && "\(error)".contains("no Intercom access token for tenant stranger")
            }
        }
    }

    @Test func aRateLimitedRequestWaitsForTheWindowWithoutUsingAnAttempt() async throws {
        let spec = WorkspaceSpec(seed: 1, conversationCount: 12)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [Self.token: spec])) { server in
            // One attempt per request: only succeeds if waiting out a 429 is not counted as a failed attempt.
            let harness = try ExtractorHarness(
                baseURL: server.baseURL,
                token: Self.token,
                retryPolicy: RetryPolicy(maxAttempts: 1)
            )
            defer { harness.remove() }
            // The 429's X-RateLimit-Reset is 3 s ahead.
            server.force429(next: 1, resetAfter: 3)
            let counts = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(counts.stored == 12)
            #expect(server.stats.rateLimited == 1)
            // Nothing reached the server before the reset the 429 named (by the server's clock), so the
            // client waited for it; that wait was in the budget (at most the 3 s plus 0.25 s of jitter, or
            // nothing if a loaded machine read the answer after the reset), not a backoff.
            #expect(server.stats.requestsIntoRefusedWindow == 0)
            let budget = harness.environment.budgets.budget(host: server.baseURL.absoluteString, token: Self.token)
            #expect(budget.secondsWaited <= 3 + 0.25 + 0.01)
        }
    }

    @Test func progressReportsTheExpectedTotal() async throws {
        try await withWorkspace(WorkspaceSpec(seed: 1, conversationCount: 40)) { _, harness, _ in
            let seen = ProgressLog()
            _ = try await IntercomConversationsBackfillExtractor(environment: harness.environment).processJob(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, perPage: 15),
                context: harness.context(progress: { seen.append($0) })
            )
            #expect(seen.all.map(\.counts.processed) == [15, 30, 40])
            #expect(seen.all.allSatisfy { $0.expectedTotal == 40 })
        }
    }
}

final class ProgressLog: Sendable {
    private let entries = Mutex<[JobProgress]>([])
    func append(_ progress: JobProgress) { entries.withLock { $0.append(progress) } }
    var all: [JobProgress] { entries.withLock { $0 } }
}
