import FakeZendesk
import Foundation
import IngestCore
import IngestSQLite
import Testing
import ZendeskConnector

@Suite("Zendesk backfill and sync against FakeZendesk", .timeLimit(.minutes(10)))
struct ZendeskEndToEndTests {
    static let token = "zd-token-\(UUID().uuidString)"

    func withAccount(
        _ spec: ZendeskAccountSpec,
        planLimitPerWindow: Int? = nil,
        windowSeconds: Int64 = 60,
        faults: FaultInjection = .none,
        variables: [String: String] = [:],
        _ body: (FakeZendeskServer, ZendeskHarness) async throws -> Void
    ) async throws {
        let configuration = FakeZendeskConfiguration(
            accounts: [Self.token: spec],
            planLimitPerWindow: planLimitPerWindow,
            windowSeconds: windowSeconds,
            faults: faults
        )
        try await FakeZendeskServer.withRunning(configuration) { server in
            let harness = try ZendeskHarness(
                baseURL: server.baseURL,
                token: Self.token,
                subdomain: spec.subdomain,
                email: spec.email,
                variables: variables
            )
            defer { harness.remove() }
            try await body(server, harness)
        }
    }

    @Test func aBackfillOf2000TicketsAndASyncAfterEveryKindOfChangeMakeTheCopyEqualToTheAccount() async throws {
        let spec = ZendeskAccountSpec(seed: 7, ticketCount: 2_000, burstSize: 1_200, longTicketCount: 4)
        try await withAccount(spec) { server, harness in
            let live = server.liveTickets(credential: Self.token)
            #expect(live.filter { $0.comments.count > 100 }.count == 4)
            #expect(live.contains { $0.comments.contains { !$0.isPublic } })
            let burst = server.burst(credential: Self.token)
            #expect(burst.ids.count == 1_200)
            #expect(
                Set(live.filter { burst.ids.contains($0.id) }.map(\.generatedTimestamp)) == [burst.generatedTimestamp]
            )

            let backfill = try await harness.backfill()
            #expect(backfill.stored == 2_000 && backfill.failed == 0 && backfill.missing == 0)
            try await harness.expectCopyEquals(server, credential: Self.token)
            let commentPages = live.map { ($0.comments.count + 99) / 100 }.reduce(0, +)
            #expect(server.stats.byRoute["comments"] == commentPages)
            #expect((server.stats.byRoute["export"] ?? 0) <= 3)
            let mark = try #require(try await harness.syncStates.syncState(tenantID: harness.tenant, source: .zendesk))
            #expect(mark.changesMark != nil && mark.lastBackfillAt != nil)
            #expect(mark.changesMark?.contains(Self.token) == false)

            // Every kind of change, then past the minute the export withholds.
            let ids = server.liveIDs(credential: Self.token)
            #expect(server.touch(credential: Self.token, ids: Array(ids[10..<60])).count == 50)
            #expect(server.addInternalNote(credential: Self.token, ids: Array(ids[60..<80])).count == 20)
            #expect(server.systemUpdate(credential: Self.token, ids: Array(ids[80..<110])).count == 30)
            #expect(server.softDelete(credential: Self.token, ids: Array(ids[110..<160])).count == 50)
            #expect(server.restore(credential: Self.token, ids: Array(ids[150..<160])).count == 10)
            #expect(server.create(credential: Self.token, count: 25).count == 25)
            server.advanceClock(by: 61)

            server.resetStats()
            let sync = try await harness.sync()
            #expect(sync.deleted == 40)
            #expect(sync.stored == 25)
            #expect(sync.updated + sync.unchanged == 110)
            #expect(sync.failed == 0)
            try await harness.expectCopyEquals(server, credential: Self.token)
            // One export page, one comments request per changed live ticket, nothing for the deleted.
            let changedLive = 50 + 20 + 30 + 10 + 25
            #expect(server.stats.byRoute["comments"] == changedLive)
            #expect((server.stats.byRoute["export"] ?? 0) == 1)
            #expect(server.stats.total <= changedLive + 1 + 3, "\(server.stats.byRoute)")
            // A deleted ticket is found by no search.
            let deleted = try #require(live.first { $0.id == ids[110] })
            let hits = try await harness.index.search(tenantID: harness.tenant, query: deleted.subject, limit: 500)
            #expect(!hits.contains { $0.externalID == String(deleted.id) })

            // Nothing changed: a handful of requests, nothing written.
            server.advanceClock(by: 61)
            server.resetStats()
            let idle = try await harness.sync()
            #expect(idle.stored == 0 && idle.updated == 0 && idle.deleted == 0)
            #expect(server.stats.total <= 5, "\(server.stats.byRoute)")

            // A restored ticket comes back.
            #expect(server.restore(credential: Self.token, ids: Array(ids[110..<115])).count == 5)
            server.advanceClock(by: 61)
            let restored = try await harness.sync()
            #expect(restored.stored + restored.updated == 5)
            try await harness.expectCopyEquals(server, credential: Self.token)
        }
    }

    @Test func aPlanLimitFarBelowTheWorkersAppetiteIsObeyedWithFew429s() async throws {
        // 4 requests a second for the plan, the real 10 a minute for the export, 16 fetches at once,
        // and Retry-After waits forced at the start.
        let spec = ZendeskAccountSpec(seed: 3, ticketCount: 110)
        try await withAccount(spec, planLimitPerWindow: 40, windowSeconds: 10) { server, harness in
            server.force429(next: 3, retryAfter: 2)
            let counts = try await harness.backfill(
                ZendeskTicketsBackfillConfig(tenantID: harness.tenant, subdomain: "acme", perPage: 10),
                fetchConcurrency: 16
            )
            #expect(counts.stored == 110 && counts.failed == 0)
            try await harness.expectCopyEquals(server, credential: Self.token)
            let stats = server.stats
            #expect(
                stats.requestsBeforeRetryAfter == 0,
                "\(stats.requestsBeforeRetryAfter) requests before Retry-After"
            )
            #expect(stats.byRoute["export"] ?? 0 >= 12)
            #expect(
                stats.maxExportRequestsPerMinute <= 10,
                "\(stats.maxExportRequestsPerMinute) export requests in a minute"
            )
            #expect(
                Double(stats.rateLimited) <= 3 + 0.1 * Double(stats.total),
                "\(stats.rateLimited) of \(stats.total) were 429"
            )
            print("zendesk rate-limit test: \(stats.total) requests, \(stats.rateLimited) 429s, \(stats.byRoute)")
        }
    }

    @Test func faultsAreRetriedAndTheCopyIsExact() async throws {
        let spec = ZendeskAccountSpec(seed: 5, ticketCount: 300, longTicketCount: 2)
        let faults = FaultInjection(seed: 9, serverErrorRate: 0.05, dropConnectionRate: 0.02, truncatedBodyRate: 0.02)
        try await withAccount(spec, faults: faults) { server, harness in
            let counts = try await harness.backfill()
            #expect(counts.stored == 300 && counts.failed == 0)
            try await harness.expectCopyEquals(server, credential: Self.token)
            #expect(server.stats.injectedFaults.values.reduce(0, +) > 0)
        }
    }

    @Test func anAPITokenIsSentAsBasicAuthWithTheEmail() async throws {
        let spec = ZendeskAccountSpec(
            seed: 4,
            subdomain: "acme-eu",
            ticketCount: 40,
            email: "admin@acme-eu.example.com"
        )
        try await withAccount(spec) { server, harness in
            let config = ZendeskTicketsBackfillConfig(
                tenantID: harness.tenant,
                subdomain: "acme-eu",
                email: "admin@acme-eu.example.com"
            )
            let counts = try await harness.backfill(config)
            #expect(counts.stored == 40)
            try await harness.expectCopyEquals(server, credential: Self.token)
            // The sync reads subdomain and email from the mark.
            server.touch(credential: Self.token, ids: [3])
            server.advanceClock(by: 61)
            #expect(try await harness.sync().updated == 1)
        }
    }

    @Test func anAgentTokenOnTheExportFailsNamingTheRoleAndTheFix() async throws {
        let spec = ZendeskAccountSpec(seed: 4, ticketCount: 5, role: .agent)
        try await withAccount(spec) { _, harness in
            do {
                _ = try await harness.backfill()
                Issue.record("an agent token exported tickets")
            } catch {
                let message = "\(error)"
                #expect(message.contains("acme"), "\(message)")
                #expect(message.lowercased().contains("admin"), "\(message)")
                #expect(message.contains("ingest secrets set"), "\(message)")
                #expect(!message.contains(Self.token))
            }
        }
    }

    @Test func aWrongTokenFailsWithoutRetriesOrLeakingIt() async throws {
        let spec = ZendeskAccountSpec(seed: 4, ticketCount: 5)
        try await FakeZendeskServer.withRunning(FakeZendeskConfiguration(accounts: ["right": spec])) { server in
            let harness = try ZendeskHarness(baseURL: server.baseURL, token: "wrong-token-\(UUID().uuidString)")
            defer { harness.remove() }
            do {
                _ = try await harness.backfill()
                Issue.record("a wrong token exported tickets")
            } catch {
                let message = "\(error)"
                #expect(message.contains("401") || message.lowercased().contains("authenticate"), "\(message)")
                #expect(message.contains("ingest secrets set"), "\(message)")
                #expect(!message.contains("wrong-token"))
            }
            #expect(server.stats.total == 1)
        }
    }

    @Test func aBackfillStoppedBetweenPagesResumesFromItsCheckpointAndEndsExact() async throws {
        let spec = ZendeskAccountSpec(seed: 8, ticketCount: 250, burstSize: 120)
        try await withAccount(spec) { server, harness in
            let jobID = JobID.random()
            let config = ZendeskTicketsBackfillConfig(tenantID: harness.tenant, subdomain: "acme", perPage: 50)
            await #expect(throws: CancellationError.self) {
                try await harness.backfill(
                    config,
                    jobID: jobID,
                    isStopping: { server.stats.byRoute["comments", default: 0] >= 60 }
                )
            }
            let partial = try await harness.stored().count
            #expect(partial >= 50 && partial < 250)
            let second = try await harness.backfill(config, jobID: jobID)
            #expect(second.stored == 250)
            try await harness.expectCopyEquals(server, credential: Self.token)
            // Resumed from the checkpoint: five pages, at most the one in flight read twice.
            #expect((server.stats.byRoute["export"] ?? 0) <= 5 + 2, "\(server.stats.byRoute)")
        }
    }

    @Test func specificTicketIDsAreFetchedWithShowManyAndMissingOnesCounted() async throws {
        let spec = ZendeskAccountSpec(seed: 6, ticketCount: 300)
        try await withAccount(spec) { server, harness in
            server.softDelete(credential: Self.token, ids: [7])
            let ids: [Int64] = Array(1...150) + [9_999]
            let counts = try await harness.backfill(
                ZendeskTicketsBackfillConfig(tenantID: harness.tenant, subdomain: "acme", ticketIDs: ids)
            )
            #expect(counts.stored == 149)
            #expect(counts.missing == 2)
            #expect(server.stats.byRoute["show_many"] == 2)
            #expect(server.stats.byRoute["export"] == nil)
        }
    }

    @Test func onlyABackfillOfEverythingSetsTheMarkAndASyncRefusesAnotherAccountsMark() async throws {
        let spec = ZendeskAccountSpec(seed: 2, ticketCount: 30)
        try await withAccount(spec) { server, harness in
            let from = server.liveTickets(credential: Self.token).map(\.generatedTimestamp).sorted()[15]
            let partial = try await harness.backfill(
                ZendeskTicketsBackfillConfig(tenantID: harness.tenant, subdomain: "acme", startTime: from)
            )
            #expect(partial.stored >= 1 && partial.stored < 30)
            #expect(
                try await harness.syncStates.syncState(tenantID: harness.tenant, source: .zendesk)?.changesMark == nil
            )
            await #expect(throws: IngestError.self) { try await harness.sync() }

            #expect(try await harness.backfill().failed == 0)
            #expect(
                try await harness.syncStates.syncState(tenantID: harness.tenant, source: .zendesk)?.changesMark != nil
            )
            do {
                _ = try await harness.sync(ZendeskTicketsSyncConfig(tenantID: harness.tenant, subdomain: "globex"))
                Issue.record("a sync of another account started from this account's cursor")
            } catch let error as IngestError {
                #expect(error.message.contains("acme") && error.message.contains("globex"), "\(error.message)")
            }
        }
    }
}
