import FakeIntercom
import Foundation
import GRDB
import IngestCore
import IngestSQLite
import Testing

/// `ingest sync`, schedules and status through the CLI, with worker processes.
@Suite("Sync, schedules and status through the CLI", .timeLimit(.minutes(10)))
struct SyncCLITests {
    static func waitUntil(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("never happened: \(what)")
    }

    /// The stored conversations' `updated_at` by id.
    static func stored(_ database: SQLiteDatabase) async throws -> [String: Int64] {
        try await database.pool.read { db in
            var all: [String: Int64] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT external_id, updated_at FROM artifacts WHERE tenant_id = 'acme'"
            ) {
                let id: String = row["external_id"]
                let updatedAt: Double = row["updated_at"]
                all[id] = Int64(updatedAt)
            }
            return all
        }
    }

    static func expectEqual(_ database: SQLiteDatabase, _ server: FakeIntercomServer, token: String) async throws {
        let live = Dictionary(
            uniqueKeysWithValues: server.liveConversations(token: token).map { ($0.id, $0.updatedAt) }
        )
        let stored = try await stored(database)
        #expect(stored == live, "\(stored.count) stored, \(live.count) live")
        let (indexed, pending) = try await database.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts_fts_docsize") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts WHERE needs_indexing = 1") ?? -1
            )
        }
        #expect(indexed == live.count && pending == 0, "\(indexed) indexed, \(pending) pending, \(live.count) live")
    }

    static func changesMark(_ database: SQLiteDatabase) async throws -> Int64? {
        try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT changes_mark FROM sync_state WHERE tenant_id = 'acme'")
        }.flatMap { Int64($0) }
    }

    @Test func syncRefusesWithoutABackfillAndStatusShowsTheCopy() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 5, conversationCount: 40)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            let stored = try await cli.run(
                ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
                input: token
            )
            #expect(stored.status == 0)
            let refused = try await cli.run(["sync", "--tenant-id", "acme", "--connector", "intercom"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("run a full backfill first"), "\(refused.stderr)")
            #expect(refused.stderr.contains("ingest backfill --tenant-id acme --connector intercom"))
            let bad = try await cli.run([
                "sync", "--tenant-id", "acme", "--connector", "intercom", "--config", #"{"updated_since":"yesterday"}"#,
            ])
            #expect(bad.status != 0 && bad.stderr.contains("updated_since"), "\(bad.stderr)")
            #expect(try await cli.run(["jobs", "list"]).stdout.contains("no jobs"))

            _ = try await cli.storeTokenAndBackfill(token)
            #expect(try await cli.run(["worker", "--until-empty"]).status == 0)
            server.touch(token: token, ids: ["1000", "1001"])
            let sync = try await cli.run(["sync", "--tenant-id", "acme", "--connector", "intercom"])
            #expect(sync.status == 0, "\(sync.stderr)")
            let worker = try await cli.run(["worker", "--until-empty"])
            #expect(worker.stdout.contains("1 jobs succeeded"), "\(worker.stdout)")

            let status = try await cli.run(["status", "--tenant-id", "acme", "--json"])
            #expect(status.status == 0, "\(status.stderr)")
            let entries = try JSONDecoder().decode([JSONValue].self, from: Data(status.stdout.utf8))
            let entry = try #require(entries.first?.objectValue)
            #expect(entry["connector"] == "intercom" && entry["artifacts"] == 40)
            #expect(entry["last_sync"]?.objectValue?["status"] == "succeeded")
            #expect(entry["last_backfill"]?.objectValue?["status"] == "succeeded")
            #expect(entry["changes_mark"]?.stringValue != nil && entry["behind_s"] != nil)
            let table = try await cli.run(["status"])
            #expect(table.stdout.contains("acme") && table.stdout.contains("succeeded"), "\(table.stdout)")

            // A sync with nothing changed: a handful of requests, and the export byte for byte as it was.
            let exportBefore = try await cli.run([
                "export", "--tenant-id", "acme", "--connector", "intercom", "-o", "-",
            ])
            server.resetStats()
            #expect(try await cli.run(["sync", "--tenant-id", "acme", "--connector", "intercom"]).status == 0)
            let quiet = try await cli.run(["worker", "--until-empty"])
            #expect(quiet.stdout.contains("1 jobs succeeded"), "\(quiet.stdout)")
            #expect(server.stats.total <= 10 && server.stats.byRoute["retrieve"] == nil, "\(server.stats.byRoute)")
            let exportAfter = try await cli.run(["export", "--tenant-id", "acme", "--connector", "intercom", "-o", "-"])
            #expect(exportAfter.status == 0 && exportAfter.stdout == exportBefore.stdout)
        }
    }

    @Test func aSyncKilledAtSeveralPointsAndRestartedEndsExactWithTheMarkNeverAheadOfTheData() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 43, conversationCount: 600)
        let configuration = FakeIntercomConfiguration(workspaces: [token: spec], latency: .milliseconds(25))
        try await FakeIntercomServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            _ = try await cli.storeTokenAndBackfill(token)
            #expect(try await cli.run(["worker", "--until-empty"]).status == 0)
            let database = try SQLiteDatabase(path: cli.databasePath)
            let markBefore = try await Self.changesMark(database)

            let ids = server.liveIDs(token: token)
            let touchedAt = Int64(Date().timeIntervalSince1970)
            server.touch(token: token, ids: Array(ids[0..<450]), at: touchedAt)
            server.delete(token: token, ids: Array(ids[450..<510]))
            server.create(token: token, count: 30, at: touchedAt)
            let sync = try await cli.run(["sync", "--tenant-id", "acme", "--connector", "intercom"])
            #expect(sync.status == 0, "\(sync.stderr)")
            let jobID = sync.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            server.resetStats()

            @Sendable func pages() async throws -> Int {
                try await database.pool.read { db in
                    let text = try String.fetchOne(
                        db,
                        sql: "SELECT counts FROM checkpoints WHERE job_id = ?",
                        arguments: [jobID]
                    )
                    return try text.map { try JSONDecoder().decode(JobCounts.self, from: Data($0.utf8)).pages } ?? 0
                }
            }
            let killPoints: [(label: String, reached: @Sendable () async throws -> Bool)] = [
                ("inside the first search page", { server.stats.byRoute["retrieve", default: 0] >= 20 }),
                ("after 2 pages", { try await pages() >= 2 }),
                ("after the search", { try await pages() >= 4 }),
            ]
            for point in killPoints {
                let worker = try cli.start(["worker", "--visibility-timeout", "5"])
                try await Self.waitUntil("the sync got \(point.label)", point.reached)
                worker.signal(SIGKILL)
                _ = try await worker.finish(timeout: .seconds(10))
                // The mark moves only with the data: once it moved, every change up to it is stored.
                let mark = try await Self.changesMark(database)
                if mark != markBefore {
                    let stored = try await Self.stored(database)
                    #expect(stored.values.filter { $0 >= touchedAt }.count == 480, "mark moved before the data")
                    #expect(mark == touchedAt)
                }
            }
            let finish = try await cli.run(["worker", "--until-empty"], timeout: .seconds(300))
            // (On a loaded machine the last kill may land after the sync's last page: then nothing is left.)
            #expect(
                finish.status == 0 && finish.stdout.contains("0 failed, 0 dead-lettered"),
                "\(finish.stdout)\(finish.stderr)"
            )
            try await Self.expectEqual(database, server, token: token)
            #expect(try await Self.changesMark(database) == touchedAt)
            let show = try await cli.run(["jobs", "show", jobID])
            #expect(
                show.stdout.contains("status:    succeeded") && show.stdout.contains("60 deleted"),
                "\(show.stdout)"
            )
            // Per kill at most the pages in hand are fetched again.
            #expect(server.stats.byRoute["retrieve", default: 0] <= 480 + 3 * (2 * 150 + 32))
        }
    }

    @Test func jobsOfOneTenantAndConnectorRunOneAtATime() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 44, conversationCount: 300)
        let configuration = FakeIntercomConfiguration(workspaces: [token: spec], latency: .milliseconds(5))
        try await FakeIntercomServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            let first = try await cli.storeTokenAndBackfill(token)
            let second = try await cli.run([
                "sync", "--tenant-id", "acme", "--connector", "intercom", "--config", #"{"updated_since":1700000000}"#,
            ])
            #expect(second.status == 0, "\(second.stderr)")
            let worker = try await cli.run(["worker", "--until-empty", "--concurrency", "2"], timeout: .seconds(300))
            #expect(worker.stdout.contains("2 jobs succeeded, 0 failed, 0 dead-lettered"), "\(worker.stdout)")
            #expect(worker.stderr.contains("waits for job"), "\(worker.stderr)")
            let database = try SQLiteDatabase(path: cli.databasePath)
            let spans = try await database.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT job_id, started_at, finished_at, attempts FROM jobs ORDER BY started_at"
                )
                .map {
                    (
                        id: $0["job_id"] as String, start: $0["started_at"] as Double, end: $0["finished_at"] as Double,
                        attempts: $0["attempts"] as Int
                    )
                }
            }
            #expect(spans.count == 2)
            #expect(spans.map(\.id).contains(first))
            if spans.count == 2 { #expect(spans[0].end <= spans[1].start, "the jobs overlapped: \(spans)") }
            // Waiting is not an attempt.
            #expect(spans.allSatisfy { $0.attempts == 1 }, "\(spans)")
        }
    }

    @Test func twoWorkersWithAScheduleDueEnqueueOneSync() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 45, conversationCount: 30)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            let short = try await cli.run([
                "schedule", "set", "--tenant-id", "acme", "--connector", "intercom", "--every", "5s",
            ])
            #expect(short.status != 0 && short.stderr.contains("shortest interval is 10s"), "\(short.stderr)")
            let set = try await cli.run([
                "schedule", "set", "--tenant-id", "acme", "--connector", "intercom", "--every", "1h",
            ])
            #expect(set.status == 0, "\(set.stderr)")
            // No backfill yet: the schedule waits for one.
            #expect(try await cli.run(["worker", "--until-empty"]).stdout.contains("0 jobs succeeded"))
            _ = try await cli.storeTokenAndBackfill(token)
            #expect(try await cli.run(["worker", "--until-empty"]).status == 0)

            server.touch(token: token, ids: ["1003"])
            let workers = try (0..<2).map { _ in try cli.start(["worker", "--until-empty"]) }
            var outputs: [String] = []
            for worker in workers { outputs.append(try await worker.finish(timeout: .seconds(300)).stdout) }
            let jobs = try await cli.run(["jobs", "list"]).stdout
            let database = try SQLiteDatabase(path: cli.databasePath)
            let syncs = try await database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs WHERE source = 'intercom_api_conversations_sync'")
                    ?? -1
            }
            #expect(syncs == 1, "\(jobs)\n\(outputs)")
            try await Self.expectEqual(database, server, token: token)
            let list = try await cli.run(["schedule", "list"])
            #expect(list.stdout.contains("1h") && list.stdout.contains("acme"), "\(list.stdout)")
            #expect(
                try await cli.run(["schedule", "remove", "--tenant-id", "acme", "--connector", "intercom"]).status == 0
            )
            #expect(try await cli.run(["schedule", "list"]).stdout.contains("no schedules"))
        }
    }

    @Test func aTenSecondScheduleKeepsTheCopyCurrentWhileChangesArrive() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 46, conversationCount: 200)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            _ = try await cli.storeTokenAndBackfill(token)
            #expect(try await cli.run(["worker", "--until-empty"]).status == 0)
            #expect(
                try await cli.run([
                    "schedule", "set", "--tenant-id", "acme", "--connector", "intercom", "--every", "10s",
                ]).status == 0
            )
            let database = try SQLiteDatabase(path: cli.databasePath)
            let worker = try cli.start(["worker"])
            // A minute of changes: every 5 s a few conversations are touched, deleted or created.
            var ids = server.liveIDs(token: token)
            for round in 0..<12 {
                try await Task.sleep(for: .seconds(5))
                server.touch(token: token, ids: [ids[round * 3], ids[round * 3 + 1]])
                if round % 3 == 0 { server.delete(token: token, ids: [ids[150 + round]]) }
                if round % 4 == 0 { ids += server.create(token: token, count: 2) }
            }
            let lastChange = Date().timeIntervalSince1970
            // A sync enqueued after the last change brings the copy level with the workspace.
            try await Self.waitUntil("a sync after the last change") {
                try await database.pool.read { db in
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM jobs WHERE source = 'intercom_api_conversations_sync'
                                AND status = 'succeeded' AND created_at > ?
                            """,
                        arguments: [lastChange]
                    ) ?? 0
                } > 0
            }
            worker.signal(SIGTERM)
            _ = try await worker.finish(timeout: .seconds(120))
            try await Self.expectEqual(database, server, token: token)
            let syncs = try await database.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT created_at, started_at, finished_at FROM jobs WHERE source = 'intercom_api_conversations_sync' ORDER BY created_at"
                ).map {
                    (
                        created: $0["created_at"] as Double, started: $0["started_at"] as Double?,
                        finished: $0["finished_at"] as Double?
                    )
                }
            }
            // Several syncs ran, one after the other, each enqueued at least an interval after the last.
            #expect(syncs.count >= 3, "\(syncs.count) syncs")
            for (previous, next) in zip(syncs, syncs.dropFirst()) {
                #expect(next.created - previous.created >= 9.9)
                if let finished = previous.finished, let started = next.started { #expect(finished <= started) }
            }
        }
    }
}
