import Foundation
import IngestCore
import Testing

@Suite("Sync state, tombstones, leases and schedules contract", .timeLimit(.minutes(10)))
struct SyncStateContractTests {
    let acme = try! TenantID("acme")
    let globex = try! TenantID("globex")

    func key(_ id: String, tenant: String = "acme") throws -> ArtifactKey {
        try makeArtifact(tenant: tenant, id: id).key
    }

    @Test(arguments: StoreBackend.allCases)
    func aDeletionLeavesStoreAndIndexAndItsTombstoneKeepsOlderWritesOut(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "parcel lost"), makeArtifact(id: "2", content: "parcel found"),
                makeArtifact(tenant: "globex", id: "1", content: "parcel lost"),
            ])
            try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom)
            try await stores.searchIndex.triggerIndexing(tenantID: globex, source: .intercom)

            let deletedAt = Date(timeIntervalSince1970: 3_000)
            let result = try await stores.artifacts.storePage(
                PageWrite(deletions: [
                    Tombstone(key: try key("1"), deletedAt: deletedAt),
                    Tombstone(key: try key("never-stored"), deletedAt: deletedAt),
                ])
            )
            #expect(result.deleted == 1)
            #expect(try await stores.artifacts.artifact(try key("1")) == nil)
            #expect(try await stores.artifacts.countArtifacts(tenantID: acme, source: .intercom) == 1)
            let hits = try await stores.searchIndex.search(tenantID: acme, query: "parcel", limit: 10)
            #expect(hits.map(\.externalID) == ["2"])
            // Another tenant's copy of the same id is untouched.
            #expect(try await stores.searchIndex.search(tenantID: globex, query: "lost", limit: 10).count == 1)

            // A write from before the deletion (a retrieve that raced it) does not bring it back …
            let late = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "parcel lost", updatedAt: 2_500),
                makeArtifact(id: "never-stored", updatedAt: 3_000),
            ])
            #expect(late == BatchStoreResult(stale: 2))
            #expect(try await stores.artifacts.artifact(try key("1")) == nil)
            // … a later one (a restore) does, and lifts the tombstone.
            let restored = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "parcel restored", updatedAt: 4_000)
            ])
            #expect(restored == BatchStoreResult(inserted: 1))
            try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom)
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "restored", limit: 10).count == 1)
            // Deleting again at an older time keeps the newer tombstone time.
            try await stores.artifacts.storePage(
                PageWrite(deletions: [Tombstone(key: try key("2"), deletedAt: deletedAt)])
            )
            try await stores.artifacts.storePage(
                PageWrite(deletions: [Tombstone(key: try key("2"), deletedAt: Date(timeIntervalSince1970: 1_000))])
            )
            #expect(
                try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "2", updatedAt: 2_999)])
                    == BatchStoreResult(stale: 1)
            )
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func syncStateIsWrittenWithItsPageAndNotWithoutIt(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            #expect(try await stores.syncStates.syncState(tenantID: acme, source: .intercom) == nil)
            let job = JobID.random()
            let completed = Date(timeIntervalSince1970: 9_000)
            try await stores.artifacts.storePage(
                PageWrite(
                    artifacts: [makeArtifact(id: "1")],
                    checkpoint: { result in
                        var checkpoint = makeCheckpoint(jobID: job, tenantID: acme, cursor: "c1", result: result)
                        checkpoint.mark = "1700"
                        return checkpoint
                    },
                    syncState: SyncStateUpdate(
                        tenantID: acme,
                        source: .intercom,
                        changesMark: "1700",
                        deletionsMark: "1600",
                        backfillCompletedAt: completed
                    )
                )
            )
            let state = try #require(try await stores.syncStates.syncState(tenantID: acme, source: .intercom))
            #expect(state.changesMark == "1700" && state.deletionsMark == "1600")
            #expect(state.lastBackfillAt == completed && state.lastSyncAt == nil)
            #expect(try await stores.checkpoints.checkpoint(jobID: job, tenantID: acme)?.mark == "1700")

            // A page whose checkpoint cannot be saved (the job id is another tenant's) writes nothing:
            // neither its artifacts nor its marks.
            await #expect(throws: (any Error).self) {
                try await stores.artifacts.storePage(
                    PageWrite(
                        artifacts: [makeArtifact(tenant: "globex", id: "9")],
                        checkpoint: { makeCheckpoint(jobID: job, tenantID: globex, cursor: nil, result: $0) },
                        syncState: SyncStateUpdate(tenantID: acme, source: .intercom, changesMark: "9999")
                    )
                )
            }
            #expect(try await stores.syncStates.syncState(tenantID: acme, source: .intercom)?.changesMark == "1700")
            #expect(try await stores.artifacts.countArtifacts(tenantID: globex, source: .intercom) == 0)

            // An update keeps what it does not name; marks are per tenant and source.
            try await stores.syncStates.apply(
                SyncStateUpdate(tenantID: acme, source: .intercom, changesMark: "1800", syncCompletedAt: completed)
            )
            try await stores.syncStates.apply(
                SyncStateUpdate(tenantID: globex, source: DocumentSource("zendesk"), changesMark: "cursor-xyz")
            )
            let updated = try #require(try await stores.syncStates.syncState(tenantID: acme, source: .intercom))
            #expect(updated.changesMark == "1800" && updated.deletionsMark == "1600")
            #expect(updated.lastSyncAt == completed && updated.lastBackfillAt == completed)
            #expect(try await stores.syncStates.syncStates(tenantID: nil).map(\.tenantID) == [acme, globex])
            #expect(try await stores.syncStates.syncStates(tenantID: globex).map(\.changesMark) == ["cursor-xyz"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aLeaseHasOneHolderUntilReleasedOrExpired(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let first = JobID.random()
            let second = JobID.random()
            let start = Date(timeIntervalSince1970: 1_000_000)
            func take(_ job: JobID, tenant: TenantID? = nil, at seconds: Double) async throws -> LeaseHolder? {
                try await stores.leases.acquireLease(
                    tenantID: tenant ?? acme,
                    source: .intercom,
                    jobID: job,
                    ttl: .seconds(60),
                    now: start.addingTimeInterval(seconds)
                )
            }
            #expect(try await take(first, at: 0) == nil)
            #expect(try await take(second, at: 1)?.jobID == first.rawValue)
            // Another tenant's pair is its own.
            #expect(try await take(second, tenant: globex, at: 1) == nil)
            // The holder renews (or takes back after a restart) its own lease.
            #expect(try await take(first, at: 50) == nil)
            #expect(try await take(second, at: 100)?.jobID == first.rawValue)
            // Expired: the next job takes it.
            #expect(try await take(second, at: 111) == nil)
            #expect(try await take(first, at: 112)?.jobID == second.rawValue)
            // Released: free at once; releasing someone else's lease does nothing.
            try await stores.leases.releaseLease(tenantID: acme, source: .intercom, jobID: first)
            #expect(try await take(first, at: 113)?.jobID == second.rawValue)
            try await stores.leases.releaseLease(tenantID: acme, source: .intercom, jobID: second)
            #expect(try await take(first, at: 114) == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aDueScheduleIsClaimedOnceAndIsNextDueOneIntervalAfterItsEnqueue(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let start = Date(timeIntervalSince1970: 2_000_000)
            let set = try await stores.schedules.setSchedule(
                tenantID: acme,
                connector: "intercom",
                everySeconds: 60,
                now: start
            )
            #expect(set.nextDueAt == start)
            #expect(try await stores.schedules.dueSchedules(now: start.addingTimeInterval(-1)).isEmpty)
            let due = try await stores.schedules.dueSchedules(now: start.addingTimeInterval(5))
            #expect(due.count == 1)
            let schedule = try #require(due.first)
            // Two workers claim the same due schedule: one wins.
            let enqueuedAt = start.addingTimeInterval(5)
            async let one = stores.schedules.claim(schedule, jobID: .random(), now: enqueuedAt)
            async let two = stores.schedules.claim(schedule, jobID: .random(), now: enqueuedAt)
            let claims = try await [one, two]
            #expect(claims.filter { $0 }.count == 1)
            let claimed = try #require(try await stores.schedules.schedules(tenantID: acme).first)
            #expect(claimed.nextDueAt == enqueuedAt.addingTimeInterval(60))
            #expect(claimed.lastEnqueuedAt == enqueuedAt && claimed.lastJobID != nil)
            #expect(try await stores.schedules.dueSchedules(now: enqueuedAt.addingTimeInterval(59)).isEmpty)

            // A new interval counts from the last enqueue.
            let changed = try await stores.schedules.setSchedule(
                tenantID: acme,
                connector: "intercom",
                everySeconds: 600,
                now: enqueuedAt.addingTimeInterval(10)
            )
            #expect(changed.nextDueAt == enqueuedAt.addingTimeInterval(600))
            #expect(try await stores.schedules.claim(schedule, jobID: .random(), now: enqueuedAt) == false)
            try await stores.schedules.setSchedule(
                tenantID: globex,
                connector: "intercom",
                everySeconds: 10,
                now: start
            )
            #expect(try await stores.schedules.schedules(tenantID: nil).map(\.tenantID) == [acme, globex])
            #expect(try await stores.schedules.removeSchedule(tenantID: acme, connector: "intercom"))
            #expect(try await stores.schedules.removeSchedule(tenantID: acme, connector: "intercom") == false)
            #expect(try await stores.schedules.schedules(tenantID: acme).isEmpty)
        }
    }
}
