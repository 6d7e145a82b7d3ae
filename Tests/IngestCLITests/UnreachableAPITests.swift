import FakeIntercom
import Foundation
import Testing

/// An API host that cannot be reached, or that makes the worker wait: the operator hears about it at
/// once, the job ends with the host and the reason, and a SIGTERM is not held up by the waiting.
@Suite("Worker: unreachable API hosts and waits at shutdown", .timeLimit(.minutes(10)))
struct UnreachableAPITests {
    /// Waits until the background worker's log contains `text`.
    static func waitForLog(_ worker: CLIRunner.Background, _ text: String) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOf: worker.stderr, encoding: .utf8)) ?? ""
            if log.contains(text) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the worker never logged \(text)")
    }

    @Test func aRefusingHostIsWarnedAboutAtOnceAndTheJobFailsWithTheHostAndTheReason() async throws {
        let token = "tok_\(UUID().uuidString)"
        // Nothing listens on the loopback discard port: every connection is refused.
        let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": "http://127.0.0.1:9"])
        defer { cli.remove() }
        let jobID = try await cli.storeTokenAndBackfill(token)

        let run = try await cli.run(["worker", "--until-empty", "--max-attempts", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("0 jobs succeeded, 1 failed"), "\(run.stdout)")
        let lines = run.stderr.split(separator: "\n")
        let warning = try #require(
            lines.firstIndex { $0.contains("cannot reach the API; retrying") },
            "no warning about the unreachable host: \(run.stderr)"
        )
        // The warning names the host, the reason and when the next attempt goes out; it came with
        // the first retry, before the job failed.
        #expect(lines[warning].contains("127.0.0.1:9"))
        #expect(lines[warning].contains("connection refused"))
        #expect(lines[warning].contains("retry.at="))
        #expect(lines[warning].contains("http.attempt=1"))
        let failed = try #require(lines.firstIndex { $0.contains("job failed") }, "\(run.stderr)")
        #expect(warning < failed)

        let show = try await cli.run(["jobs", "show", jobID])
        #expect(show.stdout.contains("status:    failed"), "\(show.stdout)")
        #expect(show.stdout.contains("cannot reach 127.0.0.1:9: connection refused"), "\(show.stdout)")
        #expect(show.stdout.contains("gave up after 1 attempt"), "\(show.stdout)")
        // Nothing is lost: the message is kept as a dead letter with the same reason.
        let deadLetters = try await cli.run(["dlq", "list"])
        #expect(deadLetters.stdout.contains("cannot reach 127.0.0.1:9"), "\(deadLetters.stdout)")
        for output in [run.stdout, run.stderr, show.stdout, deadLetters.stdout] {
            #expect(!output.contains(token))
        }
    }

    @Test func sigtermWhileRetryingARefusingHostGivesTheJobBackAtOnce() async throws {
        let token = "tok_\(UUID().uuidString)"
        let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": "http://127.0.0.1:9"])
        defer { cli.remove() }
        let jobID = try await cli.storeTokenAndBackfill(token)
        // The shutdown bound is far beyond the test's patience: only ending the wait lets it stop.
        let worker = try cli.start(["worker", "--shutdown-timeout", "3600", "--max-attempts", "4"])
        try await Self.waitForLog(worker, "cannot reach the API; retrying")
        worker.signal(SIGTERM)
        let stopped = try await worker.finish(timeout: .seconds(600))
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("job interrupted by shutdown; message released"), "\(stopped.stderr)")

        let show = try await cli.run(["jobs", "show", jobID])
        #expect(show.stdout.contains("status:    queued"), "\(show.stdout)")
        #expect(show.stdout.contains("interrupted by worker shutdown"))
    }

    @Test func sigtermWhileTheBudgetWaitsOutAnHourLong429GivesTheJobBackAtOnce() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 5, conversationCount: 20)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            let jobID = try await cli.storeTokenAndBackfill(token)
            // Every request is refused with a window that resets in an hour: the budget waits for it.
            server.force429(next: 1_000, resetAfter: 3_600)
            let worker = try cli.start(["worker", "--shutdown-timeout", "3600"])
            while server.stats.rateLimited == 0 { try await Task.sleep(for: .milliseconds(50)) }
            worker.signal(SIGTERM)
            let stopped = try await worker.finish(timeout: .seconds(600))
            #expect(stopped.status == 0, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("job interrupted by shutdown; message released"), "\(stopped.stderr)")
            // It waited in the budget: nothing more was sent into the refused window.
            #expect(server.stats.rateLimited == 1)
            #expect(server.stats.requestsIntoRefusedWindow == 0)

            let show = try await cli.run(["jobs", "show", jobID])
            #expect(show.stdout.contains("status:    queued"), "\(show.stdout)")

            // The message went straight back: a worker started now runs the job to its end.
            server.force429(next: 0)
            let second = try await cli.run(["worker", "--until-empty"])
            #expect(second.status == 0, "\(second.stderr)")
            let done = try await cli.run(["jobs", "show", jobID])
            #expect(done.stdout.contains("status:    succeeded"), "\(done.stdout)")
        }
    }
}
