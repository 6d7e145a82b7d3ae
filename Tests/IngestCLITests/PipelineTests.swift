import FakeIntercom
import Foundation
import GRDB
import IngestCore
import IngestSQLite
import NIOCore
import Testing

@testable import IngestCLI

/// The issue's acceptance run, as a new user would do it: secrets set, backfill, worker, search,
/// export — the real `ingest` binary against a FakeIntercom workspace of 2,000 conversations.
@Suite("Pipeline end to end (ingest binary + FakeIntercom)")
struct PipelineTests {
    static let conversations = 2_000

    @Test func backfillWorkerSearchExport() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 2_024, conversationCount: Self.conversations, appID: "e2eapp")
        let workspace = Workspace(spec: spec)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: [
                "INTERCOM_BASE_URL": server.baseURL.absoluteString, "INGEST_LOG_LEVEL": "debug",
            ])
            defer { cli.remove() }
            for tenant in ["acme", "ids", "pages", "capped"] {
                let set = try await cli.run(
                    ["secrets", "set", "--tenant-id", tenant, "--name", "intercom_access_token"],
                    input: token
                )
                #expect(set.status == 0, "\(set.stderr)")
            }

            // Full backfill.
            let backfill = try await cli.run(["backfill", "--tenant-id", "acme", "--connector", "intercom"])
            #expect(backfill.status == 0, "\(backfill.stderr)")
            let firstJob = backfill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let worker = try await cli.run(["worker", "--until-empty"])
            #expect(worker.status == 0, "\(worker.stderr)")
            #expect(worker.stdout.contains("queue drained: 1 jobs succeeded, 0 failed, 0 dead-lettered"))
            // Plain progress lines, since stderr is not a terminal.
            #expect(worker.stderr.contains("job \(firstJob) succeeded: 14 pages, 2000 stored"))
            // The token never reaches any output, even at debug level.
            #expect(!worker.stderr.contains(token) && !worker.stdout.contains(token))
            // The binary runs its tasks on NIO's event loops (EventLoopExecutor), one per core it
            // may run on (it inherits this process's affinity).
            let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            let loops = min(System.coreCount, EventLoopExecutor.allowedCores(status: status) ?? System.coreCount)
            #expect(
                worker.stderr.contains("tasks run on NIO's \(loops) event loops"),
                "\(worker.stderr.prefix(2_000))"
            )

            let database = try SQLiteDatabase(path: cli.databasePath)
            let artifacts = SQLiteArtifactStore(database: database)
            let acme = try TenantID("acme")
            #expect(try await artifacts.countArtifacts(tenantID: acme, source: .intercom) == Self.conversations)
            var stored: [String: Artifact] = [:]
            try await artifacts.forEachArtifact(tenantID: acme, source: .intercom, batchSize: 500) { batch in
                for artifact in batch { stored[artifact.externalID] = artifact }
            }
            #expect(stored.count == Self.conversations)
            var phraseConversation: GeneratedConversation?
            for index in 0..<workspace.count {
                let generated = workspace.conversation(at: index)
                let artifact = try #require(stored[generated.id])
                let headings = artifact.content.split(separator: "\n").filter { $0.hasPrefix("— ") }.count
                #expect(
                    headings == min(generated.parts.count, 500) + 1,
                    "every part of \(generated.id) is in its transcript"
                )
                if phraseConversation == nil, generated.uniquePartPhrase != nil, generated.parts.count > 3 {
                    phraseConversation = generated
                }
            }

            // Search finds a conversation by a phrase that occurs in only one of its parts.
            let target = try #require(phraseConversation)
            let phrase = try #require(target.uniquePartPhrase)
            let search = try await cli.run(["search", "--tenant-id", "acme", "--json", "\"\(phrase)\""])
            #expect(search.status == 0, "\(search.stderr)")
            let hits = try #require(
                CLISearchOutput.hits(search.stdout)
            )
            #expect(hits.first?["external_id"] as? String == target.id)
            #expect(hits.count == 1)
            // The query's own time is reported, as search engines do.
            let took = try #require(CLISearchOutput.tookMilliseconds(search.stdout))
            #expect(took > 0)
            #expect(CLISearchOutput.object(search.stdout)?["query"] as? String == "\"\(phrase)\"")
            #expect(
                (hits.first?["url"] as? String)
                    == "https://app.intercom.com/a/inbox/e2eapp/inbox/conversation/\(target.id)"
            )
            let readable = try await cli.run(["search", "--tenant-id", "acme", phrase])
            #expect(readable.stdout.hasPrefix("1. "))
            #expect(readable.stdout.contains("["))
            // Other tenants see nothing of acme's.
            let isolated = try await cli.run(["search", "--tenant-id", "ids", phrase])
            #expect(isolated.stdout.contains("no matches"))

            // A second full backfill writes nothing and leaves no duplicates.
            let again = try await cli.run(["backfill", "--tenant-id", "acme", "--connector", "intercom"])
            let secondJob = again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await cli.run(["worker", "--until-empty"]).status == 0)
            let secondShow = try await cli.run(["jobs", "show", secondJob])
            #expect(secondShow.stdout.contains("status:    succeeded"))
            #expect(
                secondShow.stdout.contains(
                    "counts:    14 pages, 0 stored, 0 updated, 2000 unchanged, 0 missing, 0 failed"
                ),
                "\(secondShow.stdout)"
            )
            #expect(try await artifacts.countArtifacts(tenantID: acme, source: .intercom) == Self.conversations)

            // conversation_ids fetches only those ids.
            server.resetStats()
            let ids = [
                workspace.conversation(at: 5).id, workspace.conversation(at: 1_500).id,
                workspace.conversation(at: 1_999).id,
            ]
            let idsConfig = #"{"conversation_ids":["\#(ids[0])","\#(ids[1])","\#(ids[2])"]}"#
            #expect(
                try await cli.run(["backfill", "--tenant-id", "ids", "--connector", "intercom", "--config", idsConfig])
                    .status == 0
            )
            #expect(try await cli.run(["worker", "--until-empty"]).status == 0)
            #expect(server.stats.byRoute["retrieve"] == 3)
            #expect(server.stats.byRoute["list"] == nil)
            var idsStored: [String] = []
            try await artifacts.forEachArtifact(tenantID: TenantID("ids"), source: .intercom, batchSize: 100) {
                idsStored += $0.map(\.externalID)
            }
            #expect(Set(idsStored) == Set(ids))

            // max_pages and max_conversations stop exactly where they say.
            #expect(
                try await cli.run([
                    "backfill", "--tenant-id", "pages", "--connector", "intercom", "--config",
                    #"{"per_page":50,"max_pages":3}"#,
                ]).status == 0
            )
            #expect(
                try await cli.run([
                    "backfill", "--tenant-id", "capped", "--connector", "intercom", "--config",
                    #"{"per_page":40,"max_conversations":130}"#,
                ]).status == 0
            )
            let both = try await cli.run(["worker", "--until-empty", "--concurrency", "2"])
            #expect(both.status == 0, "\(both.stderr)")
            #expect(try await artifacts.countArtifacts(tenantID: TenantID("pages"), source: .intercom) == 150)
            #expect(try await artifacts.countArtifacts(tenantID: TenantID("capped"), source: .intercom) == 130)

            let jobs = try await cli.run(["jobs", "--tenant-id", "acme"])
            #expect(jobs.stdout.components(separatedBy: "\n").filter { $0.contains("succeeded") }.count == 2)
            #expect(!jobs.stdout.contains("capped"))

            // Export: one section per conversation.
            let export = try await cli.run([
                "export", "--tenant-id", "acme", "--connector", "intercom", "--format", "markdown", "-o",
                "conversations.md",
            ])
            #expect(export.status == 0, "\(export.stderr)")
            let markdown = try String(
                contentsOf: cli.directory.appendingPathComponent("conversations.md"),
                encoding: .utf8
            )
            #expect(markdown.components(separatedBy: "\n## ").count - 1 == Self.conversations)
            #expect(markdown.contains(phrase))
            #expect(!markdown.contains(token))
        }
    }

    @Test func eachPoisonMessageKindIsDeadLetteredTheWorkerGoesOnAndFixedOnesAreRedriven() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 5, conversationCount: 30)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            for tenant in ["acme", "globex"] {
                #expect(
                    try await cli.run(
                        ["secrets", "set", "--tenant-id", tenant, "--name", "intercom_access_token"],
                        input: token
                    ).status == 0
                )
            }
            let database = try SQLiteDatabase(path: cli.databasePath)
            let queue = SQLiteJobQueue(database: database)
            // Another producer put these on the queue directly.
            try await queue.send(Data("{not json".utf8))
            try await queue.send(Data(#"{"source":"salesforce_backfill","tenant_id":"acme"}"#.utf8))
            try await queue.send(
                Data(#"{"source":"intercom_api_conversations_backfill","tenant_id":"acme","per_page":0}"#.utf8)
            )
            try await queue.send(
                Data(
                    #"{"source":"intercom_api_conversations_backfill","tenant_id":"acme","job_id":"from-python-1"}"#
                        .utf8
                )
            )
            // A message past the size limit (a producer on a queue that allows more, e.g. SQS's 1 MiB).
            let padding = String(repeating: "9", count: 300_000)
            let oversized = #"{"source":"intercom_api_conversations_backfill","tenant_id":"acme","note":"\#(padding)"}"#
            try await database.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO queue_messages (id, queue, body, sent_at, visible_at)
                        VALUES ('oversized-1', 'ingest-jobs', ?, 0, 0)
                        """,
                    arguments: [Data(oversized.utf8)]
                )
            }
            let worker = try await cli.run(["worker", "--until-empty"])
            #expect(worker.status == 0, "\(worker.stderr)")
            #expect(worker.stdout.contains("1 jobs succeeded, 0 failed, 4 dead-lettered"), "\(worker.stdout)")
            #expect(
                try await SQLiteArtifactStore(database: database).countArtifacts(
                    tenantID: TenantID("acme"),
                    source: .intercom
                ) == 30
            )
            // Another tenant's job reusing that job id is refused, not merged into acme's job.
            try await queue.send(
                Data(
                    #"{"source":"intercom_api_conversations_backfill","tenant_id":"globex","job_id":"from-python-1"}"#
                        .utf8
                )
            )
            let collision = try await cli.run(["worker", "--until-empty"])
            #expect(collision.stdout.contains("0 jobs succeeded, 0 failed, 1 dead-lettered"), "\(collision.stdout)")
            #expect(try await cli.run(["jobs", "show", "from-python-1"]).stdout.contains("tenant:    acme"))

            let list = try await cli.run(["dlq", "list"])
            #expect(list.stdout.contains("(message): is not valid JSON"))
            #expect(list.stdout.contains(#"source: "salesforce_backfill" is not a known source"#))
            #expect(list.stdout.contains("per_page: must be an integer from 1 to 150, got 0"))
            #expect(list.stdout.contains("(message): is 300"), "\(list.stdout)")
            #expect(list.stdout.contains("bytes; at most 262144 bytes are allowed"))
            #expect(list.stdout.contains("job_id from-python-1 already belongs to another tenant's or source's job"))
            let show = try await cli.run(["jobs", "show", "from-python-1"])
            #expect(show.stdout.contains("status:    succeeded"))

            // Redrive: what still fails validation stays a dead letter, with its reason.
            let all = try await cli.run(["dlq", "redrive", "--all"])
            #expect(all.status == 1)
            #expect(all.stdout.contains("0 redriven, 5 kept"), "\(all.stdout)")
            #expect(all.stdout.contains("still invalid: per_page: must be an integer from 1 to 150, got 0"))
            // A fixed message goes back on the queue and runs.
            let letters = try await SQLiteJobQueue(database: database).deadLetters(limit: 10)
            let badPage = try #require(letters.first { String(decoding: $0.body, as: UTF8.self).contains("per_page") })
            let fixed = cli.directory.appendingPathComponent("fixed.json")
            try Data(#"{"source":"intercom_api_conversations_backfill","tenant_id":"globex","per_page":7}"#.utf8)
                .write(to: fixed)
            let redrive = try await cli.run(["dlq", "redrive", badPage.id, "--body-file", fixed.path])
            #expect(redrive.status == 0, "\(redrive.stdout) \(redrive.stderr)")
            #expect(redrive.stdout.contains("redriven \(badPage.id)"))
            #expect(redrive.stdout.contains("1 redriven, 0 kept"))
            let unknown = try await cli.run(["dlq", "redrive", "no-such-letter"])
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("no dead letter no-such-letter"))
            let rerun = try await cli.run(["worker", "--until-empty"])
            #expect(rerun.stdout.contains("1 jobs succeeded, 0 failed, 0 dead-lettered"), "\(rerun.stdout)")
            #expect(
                try await SQLiteArtifactStore(database: database).countArtifacts(
                    tenantID: TenantID("globex"),
                    source: .intercom
                ) == 30
            )
            #expect(try await SQLiteJobQueue(database: database).deadLetters(limit: 10).count == 4)
        }
    }

    @Test func aBadTokenFailsTheJobWithAnActionableMessage() async throws {
        let spec = WorkspaceSpec(seed: 5, conversationCount: 10)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["good": spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            #expect(
                try await cli.run(
                    ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
                    input: "revoked-token-123"
                ).status == 0
            )
            let backfill = try await cli.run(["backfill", "--tenant-id", "acme", "--connector", "intercom"])
            let jobID = backfill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let worker = try await cli.run(["worker", "--until-empty"])
            #expect(worker.stdout.contains("0 jobs succeeded, 1 failed"))
            let show = try await cli.run(["jobs", "show", jobID])
            #expect(show.stdout.contains("status:    failed"))
            #expect(show.stdout.contains("Intercom rejected the access token for tenant acme (401 unauthorized)"))
            #expect(!show.stdout.contains("revoked-token-123") && !worker.stderr.contains("revoked-token-123"))
        }
    }
}
