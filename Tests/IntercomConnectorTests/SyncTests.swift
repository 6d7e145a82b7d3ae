import FakeIntercom
import Foundation
import IngestCore
import IngestSQLite
import IntercomConnector
import Synchronization
import Testing

@Suite("Intercom incremental sync against FakeIntercom", .timeLimit(.minutes(10)))
struct SyncTests {
    static let token = "sync-token-\(UUID().uuidString)"

    func withWorkspace(
        _ count: Int,
        seed: UInt64 = 21,
        _ body: (FakeIntercomServer, ExtractorHarness) async throws -> Void
    ) async throws {
        let spec = WorkspaceSpec(seed: seed, conversationCount: count, appID: "syncapp")
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [Self.token: spec])) { server in
            let harness = try ExtractorHarness(baseURL: server.baseURL, token: Self.token)
            defer { harness.remove() }
            try await body(server, harness)
        }
    }

    var now: Int64 { Int64(Date().timeIntervalSince1970) }

    @Test func oneSyncMakesTheCopyEqualToTheWorkspaceForAboutOneRequestPerChange() async throws {
        try await withWorkspace(3_000) { server, harness in
            let backfill = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            #expect(backfill.stored == 3_000)
            let mark = try #require(try await harness.syncStates.syncState(tenantID: harness.tenant, source: .intercom))
            #expect(mark.lastBackfillAt != nil && mark.changesMark != nil)

            let ids = server.liveIDs(token: Self.token)
            #expect(server.touch(token: Self.token, ids: Array(ids[0..<300])).count == 300)
            // More conversations than a search page share one second (a bulk action).
            #expect(server.touch(token: Self.token, ids: Array(ids[300..<500]), at: now + 1).count == 200)
            #expect(server.delete(token: Self.token, ids: Array(ids[500..<580])).count == 80)
            #expect(server.create(token: Self.token, count: 120).count == 120)

            server.resetStats()
            let counts = try await harness.sync()
            #expect(counts.updated == 500)
            #expect(counts.stored == 120)
            #expect(counts.deleted == 80)
            #expect(counts.failed == 0 && counts.missing == 0)
            try await harness.expectCopyEquals(server, token: Self.token)

            let changed = 620.0
            let requests = server.stats.total
            #expect(Double(requests) <= 1.2 * (changed + changed / 150) + 10, "\(requests) requests")
            #expect(server.stats.byRoute["retrieve"] == 620)
            #expect(server.stats.byRoute["list"] == nil)

            // A deleted conversation is found by no search.
            let deleted = ids[500]
            let hits = try await harness.index.search(tenantID: harness.tenant, query: "Follow-up", limit: 1_000)
            #expect(hits.count == 500)
            #expect(!hits.contains { $0.externalID == deleted })

            // Nothing changed since: a handful of requests, nothing written, the export as it was.
            let before = try await harness.stored()
            server.resetStats()
            let again = try await harness.sync()
            #expect(server.stats.total <= 10, "\(server.stats.total) requests: \(server.stats.byRoute)")
            #expect(server.stats.byRoute["retrieve"] == nil)
            #expect(again.stored == 0 && again.updated == 0 && again.deleted == 0)
            #expect(try await harness.stored() == before)
        }
    }

    @Test func conversationsTouchedWhileTheBackfillRunsArePresentAfterTheNextSync() async throws {
        try await withWorkspace(900) { server, harness in
            let touched = Mutex<[String]>([])
            let firstPage = Array(server.liveIDs(token: Self.token).prefix(40))
            // Once the first page is stored, its conversations change: the backfill has passed them.
            let context = harness.context { progress in
                if progress.counts.pages == 1 {
                    touched.withLock { $0 = server.touch(token: Self.token, ids: firstPage) }
                }
            }
            let counts = try await IntercomConversationsBackfillExtractor(
                environment: harness.environment,
                fetchConcurrency: 8
            ).processJob(IntercomConversationsBackfillConfig(tenantID: harness.tenant), context: context)
            #expect(counts.stored == 900)
            #expect(touched.withLock { $0.count } == 40)
            let sync = try await harness.sync()
            #expect(sync.updated == 40)
            try await harness.expectCopyEquals(server, token: Self.token)
        }
    }

    @Test func aSyncStoppedMidwayResumesFromItsCheckpointAndEndsExact() async throws {
        try await withWorkspace(600) { server, harness in
            _ = try await harness.run(IntercomConversationsBackfillConfig(tenantID: harness.tenant))
            let ids = server.liveIDs(token: Self.token)
            let touchedAt = now
            server.touch(token: Self.token, ids: Array(ids[0..<400]), at: touchedAt)
            server.delete(token: Self.token, ids: Array(ids[400..<450]))
            let before = try #require(
                try await harness.syncStates.syncState(tenantID: harness.tenant, source: .intercom)
            )

            let job = JobID.random()
            let pages = Atomic<Int>(0)
            await #expect(throws: CancellationError.self) {
                try await harness.sync(
                    jobID: job,
                    isStopping: { pages.load(ordering: .sequentiallyConsistent) >= 1 },
                    progress: { _ in pages.add(1, ordering: .sequentiallyConsistent) }
                )
            }
            // Stopped inside the search: the marks have not moved, the checkpoint holds the search cursor.
            let midway = try #require(
                try await harness.syncStates.syncState(tenantID: harness.tenant, source: .intercom)
            )
            #expect(midway.changesMark == before.changesMark && midway.lastSyncAt == nil)
            let checkpoint = try #require(
                try await harness.checkpoints.checkpoint(jobID: job, tenantID: harness.tenant)
            )
            #expect(!checkpoint.finished && checkpoint.counts.pages >= 1)

            server.resetStats()
            let counts = try await harness.sync(jobID: job)
            #expect(counts.updated == 400 && counts.deleted == 50)
            // The resumed run does not search from the start again: at most the page in hand is re-read.
            #expect((server.stats.byRoute["retrieve"] ?? 0) <= 400 - 150 + 10)
            try await harness.expectCopyEquals(server, token: Self.token)
            let after = try #require(
                try await harness.syncStates.syncState(tenantID: harness.tenant, source: .intercom)
            )
            #expect(after.lastSyncAt != nil)
            // The mark is the newest change seen, and never ahead of it.
            #expect(after.changesMark == String(touchedAt))
        }
    }

    @Test func aSyncWithoutAMarkRefusesAndSaysToBackfillFirst() async throws {
        try await withWorkspace(10) { server, harness in
            do {
                _ = try await harness.sync()
                Issue.record("a sync without a mark ran")
            } catch let error as IngestError {
                #expect(error.code == .configuration)
                #expect(error.message.contains("ingest backfill --tenant-id acme --connector intercom"))
            }
            #expect(server.stats.total == 0)
            // With updated_since it runs from there.
            let counts = try await harness.sync(
                IntercomConversationsSyncConfig(tenantID: harness.tenant, updatedSince: 1_700_000_000)
            )
            #expect(counts.stored == 10)
            try await harness.expectCopyEquals(server, token: Self.token)
        }
    }

    @Test func aLimitedBackfillSetsNoMark() async throws {
        try await withWorkspace(300) { _, harness in
            _ = try await harness.run(
                IntercomConversationsBackfillConfig(tenantID: harness.tenant, maxConversations: 100)
            )
            #expect(try await harness.syncStates.syncState(tenantID: harness.tenant, source: .intercom) == nil)
        }
    }
}
