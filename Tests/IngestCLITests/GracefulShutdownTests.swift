import FakeIntercom
import Foundation
import IngestCore
import IngestSQLite
import Testing

/// SIGTERM mid-job: the worker stops at the page in hand (long before its bound), the job goes back on the queue, and a second
/// worker finishes it from the checkpoint. A second signal exits at once.
@Suite("Worker shutdown")
struct GracefulShutdownTests {
    static func counts(_ show: String) -> (pages: Int, stored: Int)? {
        guard let line = show.split(separator: "\n").first(where: { $0.hasPrefix("counts:") }) else { return nil }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        return (numbers[0], numbers[1])
    }

    /// Waits until the job has stored at least `pages` pages.
    func waitForPages(_ cli: CLIRunner, jobID: String, pages: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            let show = try await cli.run(["jobs", "show", jobID])
            if let counts = Self.counts(show.stdout), counts.pages >= pages { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the job never reached \(pages) pages")
    }

    @Test func sigtermStopsWithinTheBoundAndAnotherWorkerFinishesFromTheCheckpoint() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 21, conversationCount: 600)
        let configuration = FakeIntercomConfiguration(workspaces: [token: spec], latency: .milliseconds(40))
        try await FakeIntercomServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            let jobID = try await cli.storeTokenAndBackfill(token, config: #"{"per_page":50}"#)
            // The bound is far beyond the test's patience: the worker must stop of its own accord, at
            // the page in hand, not when the bound cancels it.
            let worker = try cli.start(["worker", "--shutdown-timeout", "3600"])
            try await waitForPages(cli, jobID: jobID, pages: 2)

            worker.signal(SIGTERM)
            let stopped = try await worker.finish(timeout: .seconds(600))
            #expect(stopped.status == 0, "\(stopped.stderr)")

            let show = try await cli.run(["jobs", "show", jobID])
            #expect(show.stdout.contains("status:    queued"), "\(show.stdout)")
            #expect(show.stdout.contains("interrupted by worker shutdown"))
            let atStop = try #require(Self.counts(show.stdout))
            #expect(atStop.stored > 0 && atStop.stored < 600)

            server.resetStats()
            let second = try await cli.run(["worker", "--until-empty"])
            #expect(second.status == 0, "\(second.stderr)")
            let done = try await cli.run(["jobs", "show", jobID])
            #expect(done.stdout.contains("status:    succeeded"))
            #expect(done.stdout.contains("counts:    12 pages, 600 stored, 0 updated, 0 unchanged"), "\(done.stdout)")
            // Only what the checkpoint did not hold was fetched again.
            #expect(server.stats.byRoute["retrieve"] == 600 - atStop.stored)
            let database = try SQLiteDatabase(path: cli.databasePath)
            #expect(
                try await SQLiteArtifactStore(database: database).countArtifacts(
                    tenantID: TenantID("acme"),
                    source: .intercom
                ) == 600
            )
        }
    }

    @Test func aSecondSignalExitsAtOnce() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 22, conversationCount: 600)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            defer { server.releaseHeld() }
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            // `/me`, the first list and its 50 conversations, the next list and 10 of the second
            // page's conversations get answers; everything after waits unanswered, so the graceful stop
            // cannot finish the page in hand however fast or slow the machine is.
            server.hold(after: 63)
            let jobID = try await cli.storeTokenAndBackfill(token, config: #"{"per_page":50}"#)
            let worker = try cli.start(["worker", "--shutdown-timeout", "3600"])
            try await waitForPages(cli, jobID: jobID, pages: 1)
            while server.heldRequests == 0 { try await Task.sleep(for: .milliseconds(20)) }
            worker.signal(SIGTERM)
            // The second signal only after the first was handled (pending signals coalesce).
            let handledBy = ContinuousClock.now + .seconds(600)
            while ContinuousClock.now < handledBy {
                let log = (try? String(contentsOf: worker.stderr, encoding: .utf8)) ?? ""
                if log.contains("worker stopping") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            worker.signal(SIGTERM)
            let result = try await worker.finish(timeout: .seconds(600))
            // 130: it left at once, without the page it could not finish.
            #expect(result.status == 130, "\(result.stderr)")
            #expect(result.stderr.contains("second signal: exiting at once"))
        }
    }
}
