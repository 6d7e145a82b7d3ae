import Foundation
import IngestCore
import Testing

@Suite("CheckpointStore contract", .timeLimit(.minutes(1)))
struct CheckpointStoreContractTests {
    let acme = try! TenantID("acme")

    @Test(arguments: StoreBackend.allCases)
    func savesLoadsAndOverwrites(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let jobID = JobID.random()
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID) == nil)
            let first = Checkpoint(
                jobID: jobID,
                tenantID: acme,
                source: "intercom_api_conversations_backfill",
                cursor: "WzE3MDAwMDAwMDAsIjEyMyJd",
                position: 0,
                counts: JobCounts(pages: 1, stored: 150),
                finished: false,
                updatedAt: Date(timeIntervalSince1970: 1_700_000_000)
            )
            try await stores.checkpoints.saveCheckpoint(first)
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID) == first)

            var last = first
            last.cursor = nil
            last.position = 7
            last.counts = JobCounts(pages: 2, stored: 290, updated: 3, unchanged: 4, missing: 1, failed: 2)
            last.finished = true
            last.updatedAt = Date(timeIntervalSince1970: 1_700_000_060)
            try await stores.checkpoints.saveCheckpoint(last)
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID) == last)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func checkpointsAreKeptPerJob(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let one = makeCheckpoint(jobID: .random(), tenantID: acme, cursor: "one")
            let two = makeCheckpoint(jobID: .random(), tenantID: try TenantID("globex"), cursor: "two")
            try await stores.checkpoints.saveCheckpoint(one)
            try await stores.checkpoints.saveCheckpoint(two)
            #expect(try await stores.checkpoints.checkpoint(jobID: one.jobID)?.cursor == "one")
            #expect(try await stores.checkpoints.checkpoint(jobID: two.jobID)?.cursor == "two")
            #expect(try await stores.checkpoints.checkpoint(jobID: two.jobID)?.tenantID == TenantID("globex"))
        }
    }
}
