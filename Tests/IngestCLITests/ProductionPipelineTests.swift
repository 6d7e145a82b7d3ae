import FakeIntercom
import FakeZendesk
import Foundation
import IngestCore
import Testing

/// The README's production steps, run as an operator would: SQS (moto) for the queue, SSM (moto)
/// for tokens, PostgreSQL for everything else, and three worker processes at once.
@Suite("Production backends end to end (SQS + SSM + PostgreSQL, three workers)")
struct ProductionPipelineTests {
    static let tenants = (1...12).map { "tenant-\($0)" }

    @Test func threeWorkersTwelveTenantsOnSQSAndPostgres() async throws {
        let services = try ProductionServices()
        let databaseURL = try await services.createDatabase()
        let queueURL = try await services.createQueue()
        var workspaces: [String: WorkspaceSpec] = [:]
        var specs: [String: WorkspaceSpec] = [:]
        for (index, tenant) in Self.tenants.enumerated() {
            let spec = WorkspaceSpec(
                seed: UInt64(100 + index),
                conversationCount: 60 + 23 * index,
                appID: "app\(index)",
                firstConversationID: 10_000 * (index + 1)
            )
            let token = "tok-\(tenant)-\(UUID().uuidString)"
            workspaces[token] = spec
            specs[tenant] = spec
            try await services.putParameter(name: "/ingest/\(tenant)/intercom_access_token", value: token)
        }
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: workspaces)) { server in
            var environment = services.awsEnvironment
            environment["INGEST_DATABASE_URL"] = databaseURL
            environment["INGEST_QUEUE_URL"] = queueURL
            environment["INGEST_SECRETS"] = "ssm:/ingest/{tenant}/{name}"
            environment["INTERCOM_BASE_URL"] = server.baseURL.absoluteString
            let cli = try CLIRunner(extraEnvironment: environment)
            defer { cli.remove() }

            let migrate = try await cli.run(["migrate"])
            #expect(migrate.status == 0, "\(migrate.stderr)")

            // Eleven tenants through the CLI …
            var jobIDs: [String] = []
            for tenant in Self.tenants.dropLast() {
                let backfill = try await cli.run(["backfill", "--tenant-id", tenant, "--connector", "intercom"])
                #expect(backfill.status == 0, "\(backfill.stderr)")
                jobIDs.append(backfill.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            // … and what `ingest backfill` sent reads back in boto3 as exactly the job's JSON.
            let bodies = try await services.peekMessages(queueURL: queueURL)
            #expect(bodies.count == 11)
            let firstBody = try #require(bodies.first { $0.contains(jobIDs[0]) })
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(firstBody.utf8)) as? [String: Any])
            #expect(parsed["source"] as? String == "intercom_api_conversations_backfill")
            #expect(parsed["tenant_id"] as? String == Self.tenants[0])
            #expect(parsed["job_id"] as? String == jobIDs[0])
            #expect(parsed["per_page"] as? Int == 150)
            #expect(parsed["order"] as? String == "desc")
            #expect(parsed["conversation_ids"] is NSNull)
            #expect(
                Set(parsed.keys) == [
                    "source", "tenant_id", "job_id", "conversation_ids", "per_page", "order", "starting_after",
                    "max_pages", "max_conversations",
                ]
            )

            // The twelfth tenant's job comes from another producer, as the Python pipeline writes it.
            let pythonJobID = "python-\(UUID().uuidString.prefix(8))"
            try await services.sendMessage(
                queueURL: queueURL,
                body:
                    #"{"source": "intercom_api_conversations_backfill", "tenant_id": "\#(Self.tenants[11])", "job_id": "\#(pythonJobID)", "conversation_ids": null, "per_page": 150, "order": "desc", "starting_after": null, "max_pages": null, "max_conversations": null}"#
            )
            // A poison message.
            try await services.sendMessage(
                queueURL: queueURL,
                body: #"{"source": "intercom_api_conversations_backfill", "tenant_id": "../../etc"}"#
            )

            // Three workers at once, JSON logs so we can check who ran what.
            async let first = cli.run(["worker", "--until-empty", "--concurrency", "2", "--log-format", "json"])
            async let second = cli.run(["worker", "--until-empty", "--concurrency", "2", "--log-format", "json"])
            async let third = cli.run(["worker", "--until-empty", "--concurrency", "2", "--log-format", "json"])
            let workers = try await [first, second, third]
            for worker in workers { #expect(worker.status == 0, "\(worker.stderr.suffix(2_000))") }

            // Each job started exactly once, by one worker, and succeeded.
            var starts: [String: Int] = [:]
            var deadLettered = 0
            for worker in workers {
                for line in worker.stderr.split(separator: "\n") where line.hasPrefix("{") {
                    guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                        continue
                    }
                    if entry["message"] as? String == "job started", let job = entry["job.id"] as? String {
                        starts[job, default: 0] += 1
                    }
                    if entry["message"] as? String == "message dead-lettered" { deadLettered += 1 }
                    #expect(entry["timestamp"] is String && entry["level"] is String)
                }
            }
            #expect(Set(starts.keys) == Set(jobIDs + [pythonJobID]))
            // Each job ran once. SQS delivers at least once, and moto's ReceiveMessage is not atomic
            // under concurrent callers, so one extra delivery is tolerated; its conversations are
            // still stored once, which is checked below.
            #expect(starts.values.reduce(0) { $0 + $1 - 1 } <= 1, "\(starts)")
            #expect(deadLettered == 1)

            // Every conversation stored exactly once per tenant, in PostgreSQL.
            for tenant in Self.tenants {
                let export = try await cli.run(["export", "--tenant-id", tenant, "--connector", "intercom", "-o", "-"])
                #expect(export.status == 0, "\(export.stderr)")
                let sections = export.stdout.components(separatedBy: "\n## ").count - 1
                #expect(sections == specs[tenant]?.conversationCount, "\(tenant)")
                let ids = export.stdout.split(separator: "\n").filter { $0.hasPrefix("- conversation `") }
                #expect(Set(ids).count == ids.count)
            }
            let jobs = try await cli.run(["jobs"])
            #expect(jobs.stdout.components(separatedBy: "succeeded").count - 1 == 12, "\(jobs.stdout)")

            // Search answers from PostgreSQL, per tenant.
            let workspace = Workspace(spec: specs[Self.tenants[3]]!)
            let target = try #require(
                (0..<workspace.count).map(workspace.conversation(at:)).first { $0.uniquePartPhrase != nil }
            )
            let search = try await cli.run([
                "search", "--tenant-id", Self.tenants[3], "--json", target.uniquePartPhrase!,
            ])
            let hits = try #require(
                CLISearchOutput.hits(search.stdout)
            )
            #expect(hits.first?["external_id"] as? String == target.id)
            // Another tenant never sees it (its own conversations may match some of the words).
            let elsewhere = try await cli.run([
                "search", "--tenant-id", Self.tenants[4], "--json", target.uniquePartPhrase!,
            ])
            let otherHits = try #require(
                CLISearchOutput.hits(elsewhere.stdout)
            )
            #expect(!otherHits.contains { $0["external_id"] as? String == target.id })
            let quoted = try await cli.run([
                "search", "--tenant-id", Self.tenants[4], "\"\(target.uniquePartPhrase!)\"",
            ])
            #expect(quoted.stdout.contains("no matches"), "\(quoted.stdout)")

            // The poison message is in the dead-letter queue with its reason.
            let dlq = try await cli.run(["dlq"])
            #expect(dlq.stdout.contains("tenant_id: must start with a letter or digit"), "\(dlq.stdout)")

            // Incremental sync on the same backends: four tenants change (one with more conversations
            // touched in one second than a search page holds), and one `ingest sync` each brings the
            // copies level again.
            let tokens = Dictionary(uniqueKeysWithValues: workspaces.map { (token, spec) in (spec.appID, token) })
            func token(_ tenant: String) -> String { tokens[specs[tenant]!.appID]! }
            let changing = [Self.tenants[0], Self.tenants[1], Self.tenants[2], Self.tenants[11]]
            let bulkSecond = Int64(Date().timeIntervalSince1970)
            var deleted: [String: [String]] = [:]
            for tenant in changing {
                let ids = server.liveIDs(token: token(tenant))
                if tenant == Self.tenants[11] {
                    server.touch(token: token(tenant), ids: Array(ids[0..<100]), at: bulkSecond - 1)
                    server.touch(token: token(tenant), ids: Array(ids[100..<260]), at: bulkSecond)
                    deleted[tenant] = server.delete(token: token(tenant), ids: Array(ids[260..<280]))
                    server.create(token: token(tenant), count: 30, at: bulkSecond)
                } else {
                    server.touch(token: token(tenant), ids: Array(ids[0..<10]))
                    deleted[tenant] = server.delete(token: token(tenant), ids: Array(ids[10..<13]))
                    server.create(token: token(tenant), count: 5)
                }
                let sync = try await cli.run(["sync", "--tenant-id", tenant, "--connector", "intercom"])
                #expect(sync.status == 0, "\(sync.stderr)")
            }
            let syncBodies = try await services.peekMessages(queueURL: queueURL)
            #expect(syncBodies.filter { $0.contains(#""source":"intercom_api_conversations_sync""#) }.count == 4)
            async let syncOne = cli.run(["worker", "--until-empty", "--concurrency", "2"])
            async let syncTwo = cli.run(["worker", "--until-empty", "--concurrency", "2"])
            for worker in try await [syncOne, syncTwo] { #expect(worker.status == 0, "\(worker.stderr.suffix(2_000))") }
            for tenant in changing {
                let export = try await cli.run(["export", "--tenant-id", tenant, "--connector", "intercom", "-o", "-"])
                let exported = Set(
                    export.stdout.split(separator: "\n").filter { $0.hasPrefix("- conversation `") }
                        .map { $0.dropFirst("- conversation `".count).prefix { $0 != "`" } }.map(String.init)
                )
                #expect(exported == Set(server.liveIDs(token: token(tenant))), "\(tenant)")
                #expect(exported.isDisjoint(with: deleted[tenant] ?? []))
            }
            let status = try await cli.run(["status", "--tenant-id", Self.tenants[11], "--json"])
            #expect(status.stdout.contains(#""status" : "succeeded""#), "\(status.stdout)")
            #expect(status.stdout.contains(#""changes_mark" : "\#(bulkSecond)""#), "\(status.stdout)")
            // Nothing changed since: a sync costs a handful of requests.
            server.resetStats()
            #expect(
                try await cli.run(["sync", "--tenant-id", Self.tenants[11], "--connector", "intercom"]).status == 0
            )
            #expect(try await cli.run(["worker", "--until-empty"]).stdout.contains("1 jobs succeeded"))
            #expect(server.stats.total <= 10, "\(server.stats.byRoute)")
        }
    }

    /// The Zendesk connector on the same production backends: three accounts (one on an API token with
    /// Basic auth), tokens in SSM, two workers; a backfill, every kind of change, one sync each.
    @Test func zendeskBackfillAndSyncOnSQSAndPostgres() async throws {
        let services = try ProductionServices()
        let databaseURL = try await services.createDatabase()
        let queueURL = try await services.createQueue()
        let tenants = ["zd-1", "zd-2", "zd-3"]
        var accounts: [String: ZendeskAccountSpec] = [:]
        var tokens: [String: String] = [:]
        for (index, tenant) in tenants.enumerated() {
            let token = "zd-tok-\(tenant)-\(UUID().uuidString)"
            let email = index == 2 ? "admin@\(tenant).example.com" : nil
            accounts[token] = ZendeskAccountSpec(
                seed: UInt64(300 + index),
                subdomain: tenant,
                ticketCount: 150 + 70 * index,
                burstSize: index == 1 ? 120 : 0,
                longTicketCount: 1,
                email: email
            )
            tokens[tenant] = token
            let name = email == nil ? "zendesk_access_token" : "zendesk_api_token"
            try await services.putParameter(name: "/ingest/\(tenant)/\(name)", value: token)
        }
        try await FakeZendeskServer.withRunning(FakeZendeskConfiguration(accounts: accounts)) { server in
            var environment = services.awsEnvironment
            environment["INGEST_DATABASE_URL"] = databaseURL
            environment["INGEST_QUEUE_URL"] = queueURL
            environment["INGEST_SECRETS"] = "ssm:/ingest/{tenant}/{name}"
            environment["ZENDESK_BASE_URL"] = server.baseURL.absoluteString
            let cli = try CLIRunner(extraEnvironment: environment)
            defer { cli.remove() }
            #expect(try await cli.run(["migrate"]).status == 0)

            for (index, tenant) in tenants.enumerated() {
                let config =
                    index == 2
                    ? #"{"subdomain":"\#(tenant)","email":"admin@\#(tenant).example.com"}"#
                    : #"{"subdomain":"\#(tenant)"}"#
                let backfill = try await cli.run([
                    "backfill", "--tenant-id", tenant, "--connector", "zendesk", "--config", config,
                ])
                #expect(backfill.status == 0, "\(backfill.stderr)")
            }
            async let first = cli.run(["worker", "--until-empty", "--concurrency", "2"])
            async let second = cli.run(["worker", "--until-empty", "--concurrency", "2"])
            for worker in try await [first, second] { #expect(worker.status == 0, "\(worker.stderr.suffix(2_000))") }

            func exportedIDs(_ tenant: String) async throws -> [String] {
                let export = try await cli.run(["export", "--tenant-id", tenant, "--connector", "zendesk", "-o", "-"])
                #expect(export.status == 0, "\(export.stderr)")
                return export.stdout.split(separator: "\n").filter { $0.hasPrefix("- ticket `") }
                    .map { String($0.dropFirst("- ticket `".count).prefix { $0 != "`" }) }
            }
            for tenant in tenants {
                let ids = try await exportedIDs(tenant)
                #expect(Set(ids).count == ids.count, "\(tenant): a ticket exported twice")
                #expect(Set(ids) == Set(server.liveIDs(credential: tokens[tenant]!).map(String.init)), "\(tenant)")
            }

            // Every kind of change in each account, past the export's withheld minute, then one sync each.
            for tenant in tenants {
                let token = tokens[tenant]!
                let ids = server.liveIDs(credential: token)
                server.touch(credential: token, ids: Array(ids[0..<20]))
                server.addInternalNote(credential: token, ids: Array(ids[20..<25]))
                server.systemUpdate(credential: token, ids: Array(ids[25..<35]))
                server.softDelete(credential: token, ids: Array(ids[35..<45]))
                server.restore(credential: token, ids: Array(ids[40..<45]))
                server.create(credential: token, count: 12)
            }
            server.advanceClock(by: 61)
            for tenant in tenants {
                #expect(try await cli.run(["sync", "--tenant-id", tenant, "--connector", "zendesk"]).status == 0)
            }
            let bodies = try await services.peekMessages(queueURL: queueURL)
            #expect(bodies.filter { $0.contains(#""source":"zendesk_api_tickets_sync""#) }.count == 3)
            async let syncOne = cli.run(["worker", "--until-empty", "--concurrency", "2"])
            async let syncTwo = cli.run(["worker", "--until-empty", "--concurrency", "2"])
            for worker in try await [syncOne, syncTwo] { #expect(worker.status == 0, "\(worker.stderr.suffix(2_000))") }
            for tenant in tenants {
                let ids = try await exportedIDs(tenant)
                #expect(Set(ids) == Set(server.liveIDs(credential: tokens[tenant]!).map(String.init)), "\(tenant)")
            }

            // Search on PostgreSQL, per connector and tenant.
            let subject = try #require(server.liveTickets(credential: tokens["zd-2"]!).last?.subject)
            let search = try await cli.run([
                "search", "--tenant-id", "zd-2", "--connector", "zendesk", "--json", subject,
            ])
            #expect(search.stdout.contains("zd-2.zendesk.com/agent/tickets/"), "\(search.stdout.prefix(400))")
            let elsewhere = try await cli.run(["search", "--tenant-id", "zd-1", "--json", subject])
            #expect(!elsewhere.stdout.contains("zd-2.zendesk.com"))

            // Nothing changed since: a sync costs a handful of requests.
            server.advanceClock(by: 61)
            server.resetStats()
            #expect(try await cli.run(["sync", "--tenant-id", "zd-3", "--connector", "zendesk"]).status == 0)
            #expect(try await cli.run(["worker", "--until-empty"]).stdout.contains("1 jobs succeeded"))
            #expect(server.stats.total <= 5, "\(server.stats.byRoute)")
        }
    }
}
