import FakeIntercom
import Foundation
import GRDB
import IngestSQLite
import Testing

/// The worker checks a message's job id against the stored record before it runs the job (a job id
/// of another tenant must never merge into that tenant's record). When the record cannot be read,
/// the check cannot be made: the job must not start, and its message must not be lost.
@Suite("Worker: an unreadable job record fails safe", .timeLimit(.minutes(10)))
struct JobRecordFailSafeTests {
    @Test func aJobWhoseRecordCannotBeReadDoesNotStartAndItsMessageStaysOnTheQueue() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 9, conversationCount: 10)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            _ = try await cli.storeTokenAndBackfill(token)

            // Job records can no longer be read.
            let database = try SQLiteDatabase(path: cli.databasePath)
            try await database.pool.write { db in try db.execute(sql: "ALTER TABLE jobs RENAME TO jobs_unreadable") }

            let worker = try cli.start(["worker", "--shutdown-timeout", "3600"])
            let deadline = ContinuousClock.now + .seconds(600)
            var log = ""
            while ContinuousClock.now < deadline {
                log = (try? String(contentsOf: worker.stderr, encoding: .utf8)) ?? ""
                if log.contains("could not read the job's record") || log.contains("job started") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            worker.signal(SIGTERM)
            let result = try await worker.finish(timeout: .seconds(600))
            #expect(result.stderr.contains("could not read the job's record"), "\(result.stderr)")
            #expect(!result.stderr.contains("job started"))
            // Nothing was fetched, and the message is still there (in flight until its retry delay).
            #expect(server.stats.total == 0)
            let messages = try await database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queue_messages") ?? 0
            }
            #expect(messages == 1)
            let deadLetters = try await database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dead_letters") ?? 0
            }
            #expect(deadLetters == 0)
        }
    }
}
