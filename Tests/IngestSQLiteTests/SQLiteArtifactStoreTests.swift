import Foundation
import GRDB
import IngestCore
import IngestSQLite
import Testing

func makeArtifact(
    tenant: String = "acme",
    id: String,
    title: String = "A conversation",
    content: String = "hello",
    updatedAt: TimeInterval = 2_000
) throws -> Artifact {
    Artifact(
        tenantID: try TenantID(tenant),
        source: .intercom,
        kind: "conversation",
        externalID: id,
        title: title,
        url: "https://app.intercom.com/a/inbox/x/inbox/conversation/\(id)",
        createdAt: Date(timeIntervalSince1970: 1_000),
        updatedAt: Date(timeIntervalSince1970: updatedAt),
        authors: [ArtifactAuthor(id: "u1", name: "Ann", email: nil, role: "user")],
        tags: ["billing"],
        state: "open",
        content: content,
        metadata: ["part_count": 2],
        rawPayload: Data("{}".utf8)
    )
}

/// The store's shared behaviour is in the contract suites (Tests/IngestContractTests); this is what
/// only SQLite can show: a failure inside the transaction, forced with a trigger.
@Suite("SQLite artifact store: transactions")
struct SQLiteArtifactStoreTests {
    let test: TestDatabase
    let store: SQLiteArtifactStore
    let tenant: TenantID

    init() throws {
        test = try TestDatabase()
        store = SQLiteArtifactStore(database: test.database)
        tenant = try TenantID("acme")
    }

    @Test func aFailingBatchSavesNoCheckpoint() async throws {
        let checkpoints = SQLiteCheckpointStore(database: test.database)
        let jobID = JobID.random()
        let tenant = self.tenant
        // Make the insert fail inside the transaction, as a full disk would.
        try await store.storeArtifactsBatch([makeArtifact(id: "1")])
        try await test.database.pool.write { db in
            try db.execute(
                sql: "CREATE TRIGGER fail_insert BEFORE INSERT ON artifacts BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        }
        await #expect(throws: (any Error).self) {
            try await store.storeArtifactsBatch([makeArtifact(id: "2")]) { _ in
                Checkpoint(
                    jobID: jobID,
                    tenantID: tenant,
                    source: "s",
                    cursor: "c",
                    position: 0,
                    counts: JobCounts(),
                    finished: false
                )
            }
        }
        #expect(try await checkpoints.checkpoint(jobID: jobID, tenantID: tenant) == nil)
    }
}

@Suite("SQLite job records")
struct SQLiteJobRecordStoreTests {
    @Test func createUpdateListAndIssues() async throws {
        let test = try TestDatabase()
        let records = SQLiteJobRecordStore(database: test.database)
        let acme = try TenantID("acme")
        let other = try TenantID("other")
        let first = JobRecord(
            jobID: .random(),
            tenantID: acme,
            source: "s",
            config: ["per_page": 10],
            status: .queued,
            createdAt: Date(timeIntervalSince1970: 1)
        )
        let second = JobRecord(
            jobID: .random(),
            tenantID: other,
            source: "s",
            config: [:],
            status: .queued,
            createdAt: Date(timeIntervalSince1970: 2)
        )
        try await records.createJob(first)
        try await records.createJob(second)
        var updated = first
        updated.status = .succeeded
        updated.counts = JobCounts(pages: 2, stored: 5)
        try await records.updateJob(updated)
        try await records.createJob(first)  // creating again leaves the record alone
        #expect(try await records.job(first.jobID)?.status == .succeeded)
        #expect(try await records.job(first.jobID)?.counts == JobCounts(pages: 2, stored: 5))
        #expect(try await records.jobs(tenantID: acme, limit: 10).map(\.jobID) == [first.jobID])
        #expect(try await records.jobs(tenantID: nil, limit: 10).map(\.jobID) == [second.jobID, first.jobID])
        try await records.recordItemIssues([
            JobItemIssue(jobID: first.jobID, externalID: "9", kind: .missing, reason: "404"),
            JobItemIssue(jobID: first.jobID, externalID: "7", kind: .failed, reason: "500 after 6 attempts"),
        ])
        #expect(try await records.itemIssues(jobID: first.jobID, limit: 10).map(\.externalID) == ["7", "9"])
        #expect(try await records.itemIssues(jobID: second.jobID, limit: 10).isEmpty)
    }
}
