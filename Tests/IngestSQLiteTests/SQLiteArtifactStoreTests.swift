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

@Suite("SQLite artifact store: upsert rules")
struct SQLiteArtifactStoreTests {
    let test: TestDatabase
    let store: SQLiteArtifactStore
    let index: SQLiteSearchIndex
    let tenant: TenantID

    init() throws {
        test = try TestDatabase()
        store = SQLiteArtifactStore(database: test.database)
        index = SQLiteSearchIndex(database: test.database)
        tenant = try TenantID("acme")
    }

    @Test func insertsThenSkipsUnchangedThenUpdates() async throws {
        let first = try await store.storeArtifactsBatch([makeArtifact(id: "1"), makeArtifact(id: "2")])
        #expect(first == BatchStoreResult(inserted: 2))
        #expect(try await index.triggerIndexing(tenantID: tenant, source: .intercom) == 2)

        // Same content, later updated_at: nothing written, nothing to re-index.
        let again = try await store.storeArtifactsBatch([makeArtifact(id: "1", updatedAt: 3_000)])
        #expect(again == BatchStoreResult(unchanged: 1))
        #expect(try await index.triggerIndexing(tenantID: tenant, source: .intercom) == 0)
        #expect(try await store.artifact(makeArtifact(id: "1").key)?.updatedAt == Date(timeIntervalSince1970: 2_000))

        let changed = try await store.storeArtifactsBatch([
            makeArtifact(id: "1", content: "hello, refund issued", updatedAt: 3_000)
        ])
        #expect(changed == BatchStoreResult(updated: 1))
        #expect(try await index.triggerIndexing(tenantID: tenant, source: .intercom) == 1)
        let stored = try #require(try await store.artifact(makeArtifact(id: "1").key))
        #expect(stored.content == "hello, refund issued")
        #expect(stored == (try makeArtifact(id: "1", content: "hello, refund issued", updatedAt: 3_000)))
        #expect(try await store.countArtifacts(tenantID: tenant, source: .intercom) == 2)
    }

    @Test func anOlderWriteIsIgnored() async throws {
        try await store.storeArtifactsBatch([makeArtifact(id: "1", content: "new", updatedAt: 5_000)])
        let stale = try await store.storeArtifactsBatch([makeArtifact(id: "1", content: "old", updatedAt: 4_000)])
        #expect(stale == BatchStoreResult(stale: 1))
        #expect(try await store.artifact(makeArtifact(id: "1").key)?.content == "new")
    }

    @Test func theCheckpointIsSavedWithTheBatchAndCountsIt() async throws {
        let checkpoints = SQLiteCheckpointStore(database: test.database)
        let jobID = JobID.random()
        let tenant = self.tenant
        let result = try await store.storeArtifactsBatch([makeArtifact(id: "1"), makeArtifact(id: "2")]) { result in
            var counts = JobCounts(pages: 1)
            counts.add(result)
            return Checkpoint(
                jobID: jobID,
                tenantID: tenant,
                source: "s",
                cursor: "next",
                position: 0,
                counts: counts,
                finished: false
            )
        }
        #expect(result.inserted == 2)
        let saved = try #require(try await checkpoints.checkpoint(jobID: jobID))
        #expect(saved.cursor == "next")
        #expect(saved.counts == JobCounts(pages: 1, stored: 2))
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
        #expect(try await checkpoints.checkpoint(jobID: jobID) == nil)
    }

    @Test func exportPagesThroughEverything() async throws {
        try await store.storeArtifactsBatch((0..<25).map { try makeArtifact(id: "\($0)") })
        try await store.storeArtifactsBatch([makeArtifact(tenant: "other", id: "x")])
        var seen: [String] = []
        try await store.forEachArtifact(tenantID: tenant, source: .intercom, batchSize: 10) { batch in
            #expect(batch.count <= 10)
            seen += batch.map(\.externalID)
        }
        #expect(seen == (0..<25).map(String.init))
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
