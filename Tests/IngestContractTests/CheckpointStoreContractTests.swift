import Foundation
import IngestCore
import Testing

@Suite("CheckpointStore contract", .timeLimit(.minutes(10)))
struct CheckpointStoreContractTests {
    let acme = try! TenantID("acme")

    @Test(arguments: StoreBackend.allCases)
    func savesLoadsAndOverwrites(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let jobID = JobID.random()
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme) == nil)
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
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme) == first)

            var last = first
            last.cursor = nil
            last.position = 7
            last.counts = JobCounts(pages: 2, stored: 290, updated: 3, unchanged: 4, missing: 1, failed: 2)
            last.finished = true
            last.updatedAt = Date(timeIntervalSince1970: 1_700_000_060)
            try await stores.checkpoints.saveCheckpoint(last)
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme) == last)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func checkpointsAreKeptPerJob(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let one = makeCheckpoint(jobID: .random(), tenantID: acme, cursor: "one")
            let two = makeCheckpoint(jobID: .random(), tenantID: try TenantID("globex"), cursor: "two")
            try await stores.checkpoints.saveCheckpoint(one)
            try await stores.checkpoints.saveCheckpoint(two)
            #expect(try await stores.checkpoints.checkpoint(jobID: one.jobID, tenantID: acme)?.cursor == "one")
            let globex = try TenantID("globex")
            #expect(try await stores.checkpoints.checkpoint(jobID: two.jobID, tenantID: globex)?.cursor == "two")
            #expect(try await stores.checkpoints.checkpoint(jobID: two.jobID, tenantID: globex)?.tenantID == globex)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func oneTenantNeitherReadsNorOverwritesAnothersCheckpoint(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let globex = try TenantID("globex")
            let mine = makeCheckpoint(jobID: .random(), tenantID: acme, cursor: "acme-cursor")
            try await stores.checkpoints.saveCheckpoint(mine)
            // The same job id under another tenant: not visible, and a save is refused.
            #expect(try await stores.checkpoints.checkpoint(jobID: mine.jobID, tenantID: globex) == nil)
            let theirs = makeCheckpoint(jobID: mine.jobID, tenantID: globex, cursor: "globex-cursor")
            let error = await #expect(throws: IngestError.self) {
                try await stores.checkpoints.saveCheckpoint(theirs)
            }
            #expect(error?.description.contains("already belongs to another tenant's job") == true)
            // Nor through a batch: the whole batch is rolled back.
            await #expect(throws: IngestError.self) {
                try await stores.artifacts.storeArtifactsBatch([makeArtifact(tenant: "globex", id: "x")]) { _ in
                    theirs
                }
            }
            #expect(try await stores.artifacts.countArtifacts(tenantID: globex, source: .intercom) == 0)
            #expect(try await stores.checkpoints.checkpoint(jobID: mine.jobID, tenantID: acme)?.cursor == "acme-cursor")
        }
    }
}
