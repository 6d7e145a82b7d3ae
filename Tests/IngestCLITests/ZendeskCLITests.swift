import FakeIntercom
import FakeZendesk
import Foundation
import GRDB
import IngestCore
import IngestSQLite
import Testing

/// The Zendesk connector through the `ingest` binary, as a user runs it: kills mid-backfill and
/// mid-sync, and one tenant holding both Intercom and Zendesk.
@Suite("Zendesk through the CLI", .timeLimit(.minutes(10)))
struct ZendeskCLITests {
    /// The stored Zendesk tickets of `tenant`: id → version (`updated_at`, the ticket's generated_timestamp).
    static func storedTickets(_ database: SQLiteDatabase, tenant: String = "acme") async throws -> [Int64: Int64] {
        try await database.pool.read { db in
            var tickets: [Int64: Int64] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT external_id, updated_at FROM artifacts WHERE tenant_id = ? AND source = 'zendesk'",
                arguments: [tenant]
            )
            for row in rows {
                let id: String = row["external_id"]
                let updated: Double = row["updated_at"]
                tickets[Int64(id) ?? -1, default: 0] += Int64(updated)
            }
            return tickets
        }
    }

    /// Asserts the copy holds exactly the account's live tickets at their current versions, each once
    /// and indexed.
    static func expectExact(
        _ database: SQLiteDatabase,
        _ server: FakeZendeskServer,
        credential: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let live = server.liveTickets(credential: credential)
        let stored = try await storedTickets(database)
        let expected = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0.generatedTimestamp) })
        #expect(stored == expected, "\(stored.count) stored, \(expected.count) live", sourceLocation: sourceLocation)
        let (rows, indexed) = try await database.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts WHERE source = 'zendesk'") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts WHERE needs_indexing = 1") ?? -1
            )
        }
        #expect(
            rows == live.count && indexed == 0,
            "\(rows) rows, \(indexed) not indexed",
            sourceLocation: sourceLocation
        )
    }

    /// Starts a worker and SIGKILLs it once `reached` holds.
    static func killWorker(_ cli: CLIRunner, when reached: @Sendable () async throws -> Bool) async throws {
        let worker = try cli.start(["worker", "--visibility-timeout", "5"])
        var arrived = false
        for _ in 0..<30_000 {
            if try await reached() {
                arrived = true
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(arrived, "the kill point was never reached")
        worker.signal(SIGKILL)
        let killed = try await worker.finish(timeout: .seconds(10))
        #expect(killed.status == SIGKILL)
    }

    @Test func sigkillMidBackfillAndMidSyncThenRestartEndsExact() async throws {
        let token = "zd_\(UUID().uuidString)"
        let spec = ZendeskAccountSpec(seed: 12, ticketCount: 400, burstSize: 120, longTicketCount: 2)
        let configuration = FakeZendeskConfiguration(accounts: [token: spec], latency: .milliseconds(25))
        try await FakeZendeskServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: ["ZENDESK_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            let secret = ["secrets", "set", "--tenant-id", "acme", "--name", "zendesk_access_token"]
            #expect(try await cli.run(secret, input: token).status == 0)
            let backfill = try await cli.run([
                "backfill", "--tenant-id", "acme", "--connector", "zendesk", "--config",
                #"{"subdomain":"acme","per_page":50}"#,
            ])
            #expect(backfill.status == 0, "\(backfill.stderr)")
            let database = try SQLiteDatabase(path: cli.databasePath)

            try await Self.killWorker(cli) { try await KillRestartTests.storedPages(database) >= 3 }
            let partial = try await Self.storedTickets(database).count
            #expect(partial >= 150 && partial < 400, "\(partial) stored at the kill")
            let finish = try await cli.run(["worker", "--until-empty"], timeout: .seconds(300))
            #expect(finish.stdout.contains("1 jobs succeeded, 0 failed, 0 dead-lettered"), "\(finish.stdout)")
            try await Self.expectExact(database, server, credential: token)

            // Changes of every kind, then a sync killed while it fetches comments.
            let ids = server.liveIDs(credential: token)
            server.touch(credential: token, ids: Array(ids[0..<80]))
            server.systemUpdate(credential: token, ids: Array(ids[80..<100]))
            server.softDelete(credential: token, ids: Array(ids[100..<120]))
            server.create(credential: token, count: 30)
            server.advanceClock(by: 61)
            #expect(try await cli.run(["sync", "--tenant-id", "acme", "--connector", "zendesk"]).status == 0)
            server.resetStats()
            try await Self.killWorker(cli) { server.stats.byRoute["comments", default: 0] >= 40 }
            let resumed = try await cli.run(["worker", "--until-empty"], timeout: .seconds(300))
            #expect(resumed.stdout.contains("1 jobs succeeded, 0 failed, 0 dead-lettered"), "\(resumed.stdout)")
            try await Self.expectExact(database, server, credential: token)
            // A schedule enqueues the sync config it needs (subdomain from the mark).
            let schedule = try await cli.run([
                "schedule", "set", "--tenant-id", "acme", "--connector", "zendesk", "--every", "10m",
            ])
            #expect(schedule.status == 0, "\(schedule.stderr)")
            server.touch(credential: token, ids: [ids[200]])
            server.advanceClock(by: 61)
            let scheduled = try await cli.run(["worker", "--until-empty"], timeout: .seconds(300))
            #expect(scheduled.stdout.contains("1 jobs succeeded, 0 failed"), "\(scheduled.stdout)")
            try await Self.expectExact(database, server, credential: token)
            let status = try await cli.run(["status", "--json"])
            #expect(status.stdout.contains("zendesk"), "\(status.stdout)")
            #expect(status.stdout.contains("next"), "\(status.stdout)")
        }
    }

    @Test func oneTenantWithIntercomAndZendeskKeepsThemApartAndSearchLabelsBoth() async throws {
        let intercomToken = "ic_\(UUID().uuidString)"
        let zendeskToken = "zd_\(UUID().uuidString)"
        let otherToken = "zd_other_\(UUID().uuidString)"
        let intercom = FakeIntercomConfiguration(workspaces: [
            intercomToken: WorkspaceSpec(seed: 5, conversationCount: 120)
        ])
        let zendesk = FakeZendeskConfiguration(accounts: [
            zendeskToken: ZendeskAccountSpec(seed: 6, ticketCount: 150),
            otherToken: ZendeskAccountSpec(seed: 7, subdomain: "globex", ticketCount: 40),
        ])
        try await FakeIntercomServer.withRunning(intercom) { intercomServer in
            try await FakeZendeskServer.withRunning(zendesk) { zendeskServer in
                let cli = try CLIRunner(extraEnvironment: [
                    "INTERCOM_BASE_URL": intercomServer.baseURL.absoluteString,
                    "ZENDESK_BASE_URL": zendeskServer.baseURL.absoluteString,
                    "INGEST_LOG_LEVEL": "debug",
                ])
                defer { cli.remove() }
                var outputs: [CLIRunner.Result] = []
                func run(_ arguments: [String], input: String? = nil) async throws -> CLIRunner.Result {
                    let result = try await cli.run(arguments, input: input)
                    outputs.append(result)
                    return result
                }
                _ = try await run(
                    ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
                    input: intercomToken
                )
                _ = try await run(
                    ["secrets", "set", "--tenant-id", "acme", "--name", "zendesk_access_token"],
                    input: zendeskToken
                )
                _ = try await run(
                    ["secrets", "set", "--tenant-id", "globex", "--name", "zendesk_access_token"],
                    input: otherToken
                )
                let jobs = [
                    try await run(["backfill", "--tenant-id", "acme", "--connector", "intercom"]),
                    try await run([
                        "backfill", "--tenant-id", "acme", "--connector", "zendesk", "--config",
                        #"{"subdomain":"acme"}"#,
                    ]),
                    try await run([
                        "backfill", "--tenant-id", "globex", "--connector", "zendesk", "--config",
                        #"{"subdomain":"globex"}"#,
                    ]),
                ]
                #expect(jobs.allSatisfy { $0.status == 0 })
                let worker = try await run(["worker", "--until-empty", "--concurrency", "3"])
                #expect(worker.stdout.contains("3 jobs succeeded, 0 failed"), "\(worker.stdout)")

                // Separate artifacts, marks and exports per connector.
                let database = try SQLiteDatabase(path: cli.databasePath)
                let counts = try await database.pool.read { db in
                    try Row.fetchAll(
                        db,
                        sql:
                            "SELECT tenant_id, source, COUNT(*) AS n FROM artifacts GROUP BY tenant_id, source ORDER BY 1, 2"
                    )
                    .map { "\($0["tenant_id"] as String)/\($0["source"] as String)=\($0["n"] as Int)" }
                }
                #expect(counts == ["acme/intercom=120", "acme/zendesk=150", "globex/zendesk=40"])
                let status = try await run(["status", "--json"])
                #expect(status.stdout.components(separatedBy: "\"connector\"").count - 1 == 3, "\(status.stdout)")
                let zendeskExport = try await run([
                    "export", "--tenant-id", "acme", "--connector", "zendesk", "--output", "-",
                ])
                #expect(
                    zendeskExport.stdout.contains("/agent/tickets/") && !zendeskExport.stdout.contains("intercom.com")
                )
                let intercomExport = try await run([
                    "export", "--tenant-id", "acme", "--connector", "intercom", "--output", "-",
                ])
                #expect(!intercomExport.stdout.contains("/agent/tickets/"))

                // One search finds both and labels each hit with its system; another tenant sees none of it.
                let search = try await run(["search", "--tenant-id", "acme", "refund", "--limit", "200", "--json"])
                #expect(search.stdout.contains("\"source\" : \"intercom\""), "\(search.stdout.prefix(500))")
                #expect(search.stdout.contains("\"source\" : \"zendesk\""), "\(search.stdout.prefix(500))")
                let text = try await run(["search", "--tenant-id", "acme", "refund", "--limit", "200"])
                #expect(text.stdout.contains("[intercom conversation") && text.stdout.contains("[zendesk ticket"))
                let only = try await run([
                    "search", "--tenant-id", "acme", "--connector", "zendesk", "refund", "--limit", "200", "--json",
                ])
                #expect(
                    !only.stdout.contains("\"source\" : \"intercom\"")
                        && only.stdout.contains("\"source\" : \"zendesk\"")
                )
                let other = try await run(["search", "--tenant-id", "globex", "refund", "--limit", "200", "--json"])
                #expect(
                    !other.stdout.contains("intercom") && !other.stdout.contains("acme.zendesk.com"),
                    "\(other.stdout.prefix(500))"
                )

                // No token of either connector anywhere: outputs, logs, job records, the database file.
                #expect(outputs.map(\.stderr).joined().contains("debug"), "no debug lines were captured")
                var files: [Data] = []
                let walker = FileManager.default.enumerator(at: cli.directory, includingPropertiesForKeys: nil)
                while let file = walker?.nextObject() as? URL {
                    // The secret store itself is the one place a token belongs.
                    guard !file.path.contains("/config/"), let data = try? Data(contentsOf: file) else { continue }
                    files.append(data)
                }
                #expect(!files.isEmpty)
                for token in [intercomToken, zendeskToken, otherToken] {
                    #expect(!outputs.contains { $0.stdout.contains(token) || $0.stderr.contains(token) })
                    #expect(!files.contains { $0.range(of: Data(token.utf8)) != nil })
                }
            }
        }
    }
}
