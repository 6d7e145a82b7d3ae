import Foundation
import IngestCore
import IngestSQLite
import Testing

@Suite("CLI: re-running a job's failed ids")
struct RetryFailedTests {
    @Test func retryFailedEnqueuesJustTheFailedIDs() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let database = try SQLiteDatabase(path: cli.databasePath)
        let records = SQLiteJobRecordStore(database: database)
        let original = JobRecord(
            jobID: .random(),
            tenantID: try TenantID("acme"),
            source: "intercom_api_conversations_backfill",
            config: ["per_page": 50, "order": "asc", "max_conversations": 500, "conversation_ids": nil],
            status: .succeeded
        )
        try await records.createJob(original)
        try await records.recordItemIssues([
            JobItemIssue(jobID: original.jobID, externalID: "101", kind: .failed, reason: "HTTP 500 after 6 attempts"),
            JobItemIssue(jobID: original.jobID, externalID: "102", kind: .missing, reason: "404"),
            JobItemIssue(jobID: original.jobID, externalID: "103", kind: .failed, reason: "connection failed"),
        ])

        let retry = try await cli.run(["jobs", "retry-failed", original.jobID.rawValue])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("re-running 2 failed ids"))
        let newID = try JobID(retry.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let created = try #require(try await records.job(newID))
        #expect(created.status == .queued)
        #expect(created.tenantID == original.tenantID)
        #expect(created.config["conversation_ids"] == ["101", "103"])
        #expect(created.config["per_page"] == 50)
        #expect(created.config["order"] == "asc")
        #expect(created.config["max_conversations"] == .null)
        let queued = try await SQLiteJobQueue(database: database).receive(
            maxMessages: 10,
            visibilityTimeout: .seconds(5),
            wait: .zero
        )
        #expect(queued.count == 1)
        #expect(try IngestJob.decode(queued[0].body).jobID == newID)

        let nothing = try await cli.run(["jobs", "retry-failed", newID.rawValue])
        #expect(nothing.stdout.contains("has no failed items"))
    }
}
