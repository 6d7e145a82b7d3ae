import FakeIntercom
import Foundation
import GRDB
import IngestCore
import IngestSQLite
import Testing

/// Resume after a crash: a worker process SIGKILLed at several points of a fetch-all backfill —
/// before its first page is stored, after a few pages, near the end — and restarted each time ends
/// with every conversation stored exactly once, indexed, and little fetched again per kill.
@Suite("Worker kill and restart")
struct KillRestartTests {
    static let conversations = 600
    static let perPage = 50

    @Test func sigkillAtSeveralPointsThenRestartStoresEveryConversationOnce() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 41, conversationCount: Self.conversations)
        // Slow enough that a kill lands inside a page, fast enough to finish in seconds.
        let configuration = FakeIntercomConfiguration(workspaces: [token: spec], latency: .milliseconds(25))
        try await FakeIntercomServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            #expect(
                try await cli.run(
                    ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
                    input: token
                ).status == 0
            )
            let backfill = try await cli.run([
                "backfill", "--tenant-id", "acme", "--connector", "intercom", "--config",
                #"{"per_page":\#(Self.perPage)}"#,
            ])
            #expect(backfill.status == 0, "\(backfill.stderr)")
            let jobID = backfill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let database = try SQLiteDatabase(path: cli.databasePath)

            // Kill points: mid-way through the first page (nothing stored yet), after 3 pages, after 8.
            let killPoints: [(label: String, reached: @Sendable () async throws -> Bool)] = [
                ("inside the first page", { server.stats.byRoute["retrieve", default: 0] >= 20 }),
                ("after 3 pages", { try await Self.storedPages(database) >= 3 }),
                ("after 8 pages", { try await Self.storedPages(database) >= 8 }),
            ]
            var pagesAtKill: [Int] = []
            for point in killPoints {
                // The smallest visibility timeout, so that the killed worker's message comes back soon.
                let worker = try cli.start(["worker", "--visibility-timeout", "5"])
                let deadline = ContinuousClock.now + .seconds(600)
                var reached = false
                while ContinuousClock.now < deadline {
                    if try await point.reached() {
                        reached = true
                        break
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(reached, "the backfill never got \(point.label)")
                worker.signal(SIGKILL)
                let killed = try await worker.finish(timeout: .seconds(10))
                #expect(killed.status == SIGKILL, "the worker was to die by SIGKILL \(point.label)")
                pagesAtKill.append(try await Self.storedPages(database))
            }
            // Each kill came before the job's end.
            #expect(pagesAtKill[0] == 0, "the first kill was to land before any page was stored")
            #expect(pagesAtKill.last! < Self.conversations / Self.perPage)

            let finish = try await cli.run(["worker", "--until-empty"], timeout: .seconds(120))
            #expect(finish.status == 0, "\(finish.stderr)")
            #expect(finish.stdout.contains("1 jobs succeeded, 0 failed, 0 dead-lettered"), "\(finish.stdout)")

            let show = try await cli.run(["jobs", "show", jobID])
            #expect(show.stdout.contains("status:    succeeded"), "\(show.stdout)")
            // Every conversation stored exactly once: none rewritten, none counted twice.
            #expect(show.stdout.contains("counts:    12 pages, 600 stored, 0 updated, 0 unchanged"), "\(show.stdout)")
            let (artifacts, distinct, indexed) = try await database.pool.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts WHERE tenant_id = 'acme'") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT external_id) FROM artifacts") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts_fts_docsize") ?? -1
                )
            }
            #expect(artifacts == Self.conversations && distinct == Self.conversations)
            // Pages stored before a kill were indexed by the next run.
            #expect(indexed == Self.conversations)
            // Per kill, at most what was fetched but not yet committed is fetched again: the page being
            // stored, the page being fetched, and the requests in flight beyond it.
            let retrieves = server.stats.byRoute["retrieve", default: 0]
            #expect(retrieves >= Self.conversations)
            #expect(
                retrieves <= Self.conversations + killPoints.count * (2 * Self.perPage + 32),
                "\(retrieves) retrieves for \(Self.conversations) conversations and \(killPoints.count) kills"
            )
        }
    }

    /// Pages the checkpoint of the tenant's only job says are stored (0 before the first).
    static func storedPages(_ database: SQLiteDatabase) async throws -> Int {
        try await database.pool.read { db in
            let counts = try String.fetchOne(db, sql: "SELECT counts FROM checkpoints LIMIT 1")
            guard let counts, let data = counts.data(using: .utf8),
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return 0 }
            return object["pages"] as? Int ?? 0
        }
    }
}
