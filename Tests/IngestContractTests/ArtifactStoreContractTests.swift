import Foundation
import IngestCore
import Testing

@Suite("ArtifactStore contract", .timeLimit(.minutes(10)))
struct ArtifactStoreContractTests {
    let acme = try! TenantID("acme")

    @Test(arguments: StoreBackend.allCases)
    func insertsThenSkipsUnchangedThenUpdates(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let first = try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1"), makeArtifact(id: "2")])
            #expect(first == BatchStoreResult(inserted: 2))
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)

            // Same content, later updated_at: nothing written, nothing to re-index.
            let again = try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1", updatedAt: 3_000)])
            #expect(again == BatchStoreResult(unchanged: 1))
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            let kept = try await stores.artifacts.artifact(makeArtifact(id: "1").key)
            #expect(kept?.updatedAt == Date(timeIntervalSince1970: 2_000))

            let changed = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "hello, refund issued", updatedAt: 3_000)
            ])
            #expect(changed == BatchStoreResult(updated: 1))
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            let stored = try #require(try await stores.artifacts.artifact(makeArtifact(id: "1").key))
            #expect(stored == (try makeArtifact(id: "1", content: "hello, refund issued", updatedAt: 3_000)))
            #expect(try await stores.artifacts.countArtifacts(tenantID: acme, source: .intercom) == 2)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anOlderWriteIsIgnored(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1", content: "new", updatedAt: 5_000)])
            let stale = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "old", updatedAt: 4_000)
            ])
            #expect(stale == BatchStoreResult(stale: 1))
            #expect(try await stores.artifacts.artifact(makeArtifact(id: "1").key)?.content == "new")
            // The same time with new content is a change, not a stale write.
            let sameTime = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "newer", updatedAt: 5_000)
            ])
            #expect(sameTime == BatchStoreResult(updated: 1))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aBatchIsDecidedArtifactByArtifactInOrder(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let result = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "1", content: "first", updatedAt: 2_000),
                makeArtifact(id: "1", content: "second", updatedAt: 3_000),
                makeArtifact(id: "1", content: "second", updatedAt: 4_000),
                makeArtifact(id: "1", content: "older", updatedAt: 1_000),
                makeArtifact(id: "2"),
            ])
            #expect(result == BatchStoreResult(inserted: 2, updated: 1, unchanged: 1, stale: 1))
            let stored = try await stores.artifacts.artifact(makeArtifact(id: "1").key)
            #expect(stored?.content == "second")
            #expect(stored?.updatedAt == Date(timeIntervalSince1970: 3_000))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func everyFieldSurvivesTheRoundTrip(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let artifact = Artifact(
                tenantID: acme,
                source: .intercom,
                kind: "conversation",
                externalID: "42",
                title: "Café « crème » — 日本語 👩‍💻",
                url: nil,
                createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                updatedAt: Date(timeIntervalSince1970: 1_700_000_123),
                authors: [
                    ArtifactAuthor(id: "u1", name: "Ann", email: "ann@example.com", role: "user"),
                    ArtifactAuthor(id: nil, name: nil, email: nil, role: "bot"),
                ],
                tags: ["billing", "vip"],
                state: nil,
                content: "Line one\nLine two with 'quotes' and \"double quotes\" and \\ backslash",
                metadata: ["part_count": 2, "nested": ["flag": true, "list": [1, "two", nil]]],
                rawPayload: Data([0, 1, 2, 255, 0x7B, 0x7D])
            )
            try await stores.artifacts.storeArtifactsBatch([artifact])
            #expect(try await stores.artifacts.artifact(artifact.key) == artifact)
            let missing = ArtifactKey(tenantID: acme, source: .intercom, kind: "conversation", externalID: "43")
            #expect(try await stores.artifacts.artifact(missing) == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theCheckpointIsSavedWithTheBatchAndCountsIt(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let jobID = JobID.random()
            let tenant = acme
            let result = try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1"), makeArtifact(id: "2")])
            {
                makeCheckpoint(jobID: jobID, tenantID: tenant, cursor: "next", result: $0)
            }
            #expect(result.inserted == 2)
            let saved = try #require(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme))
            #expect(saved.cursor == "next")
            #expect(saved.counts == JobCounts(pages: 1, stored: 2))

            // The next page's checkpoint replaces it, counting what that batch did.
            _ = try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "2"), makeArtifact(id: "3")]) {
                makeCheckpoint(jobID: jobID, tenantID: tenant, cursor: nil, result: $0)
            }
            let next = try #require(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme))
            #expect(next.cursor == nil)
            #expect(next.counts == JobCounts(pages: 1, stored: 1, unchanged: 1))
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anEmptyBatchStillSavesItsCheckpoint(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let jobID = JobID.random()
            let tenant = acme
            let result = try await stores.artifacts.storeArtifactsBatch([]) {
                makeCheckpoint(jobID: jobID, tenantID: tenant, cursor: "after-empty-page", result: $0)
            }
            #expect(result == BatchStoreResult())
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme)?.cursor == "after-empty-page")
        }
    }

    /// A checkpoint the database refuses (its time is not a number) fails the whole batch: the artifacts
    /// written before it in the same transaction are rolled back, and no checkpoint is saved.
    @Test(arguments: StoreBackend.allCases)
    func aFailingBatchSavesNeitherArtifactsNorCheckpoint(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let jobID = JobID.random()
            let tenant = acme
            try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1")])
            await #expect(throws: (any Error).self) {
                try await stores.artifacts.storeArtifactsBatch([
                    makeArtifact(id: "1", content: "changed", updatedAt: 3_000), makeArtifact(id: "2"),
                ]) {
                    makeCheckpoint(
                        jobID: jobID,
                        tenantID: tenant,
                        cursor: "c",
                        result: $0,
                        updatedAt: Date(timeIntervalSince1970: .nan)
                    )
                }
            }
            #expect(try await stores.checkpoints.checkpoint(jobID: jobID, tenantID: acme) == nil)
            #expect(try await stores.artifacts.countArtifacts(tenantID: acme, source: .intercom) == 1)
            #expect(try await stores.artifacts.artifact(makeArtifact(id: "1").key)?.content == "hello")
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func exportPagesThroughEverythingOldestFirst(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await stores.artifacts.storeArtifactsBatch((0..<25).map { try makeArtifact(id: "\($0)") })
            try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(tenant: "other", id: "x"), makeArtifact(source: DocumentSource("zendesk"), id: "z"),
            ])
            var seen: [String] = []
            var pages = 0
            try await stores.artifacts.forEachArtifact(tenantID: acme, source: .intercom, batchSize: 10) { batch in
                #expect(batch.count <= 10)
                #expect(!batch.isEmpty)
                pages += 1
                seen += batch.map(\.externalID)
            }
            #expect(seen == (0..<25).map(String.init))
            #expect(pages == 3)
            var none = 0
            try await stores.artifacts.forEachArtifact(tenantID: TenantID("nobody"), source: .intercom, batchSize: 10) {
                none += $0.count
            }
            #expect(none == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func tenantsAreWalledOff(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let globex = try TenantID("globex")
            try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(tenant: "acme", id: "1", content: "acme's"),
                makeArtifact(tenant: "globex", id: "1", content: "globex's"),
            ])
            #expect(try await stores.artifacts.artifact(makeArtifact(tenant: "acme", id: "1").key)?.content == "acme's")
            #expect(
                try await stores.artifacts.artifact(makeArtifact(tenant: "globex", id: "1").key)?.content == "globex's"
            )
            #expect(try await stores.artifacts.countArtifacts(tenantID: acme, source: .intercom) == 1)
            #expect(try await stores.artifacts.countArtifacts(tenantID: globex, source: .intercom) == 1)
            // Each tenant's search sees its own artifact only.
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "globex", limit: 5).isEmpty)
            #expect(try await stores.searchIndex.search(tenantID: globex, query: "globex", limit: 5).count == 1)
            #expect(try await stores.searchIndex.search(tenantID: globex, query: "acme", limit: 5).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func largeBatchesAreStoredWhole(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let artifacts = try (0..<2_500).map { try makeArtifact(id: "\($0)", content: "message number \($0)") }
            #expect(try await stores.artifacts.storeArtifactsBatch(artifacts) == BatchStoreResult(inserted: 2_500))
            #expect(try await stores.artifacts.storeArtifactsBatch(artifacts) == BatchStoreResult(unchanged: 2_500))
            #expect(try await stores.artifacts.countArtifacts(tenantID: acme, source: .intercom) == 2_500)
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aPreparedPageIsStoredAndFoundAsAnyOther(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let artifacts = [
                try makeArtifact(id: "1", title: "Crème brûlée", content: "the parcels arrived damaged"),
                try makeArtifact(id: "2", content: "Мой заказ не пришёл, верните деньги 🙏🏽"),
            ]
            let prepared = try await stores.artifacts.prepareArtifacts(artifacts)
            #expect((prepared != nil) == stores.artifacts.preparesPages)
            let result = try await stores.artifacts.storePage(PageWrite(artifacts: artifacts, prepared: prepared))
            #expect(result == BatchStoreResult(inserted: 2))
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            #expect(try await stores.artifacts.artifact(artifacts[0].key) == artifacts[0])
            for (query, id) in [("creme", "1"), ("parcel damaged", "1"), ("заказ", "2")] {
                let hits = try await stores.searchIndex.search(tenantID: acme, query: query, limit: 5)
                #expect(hits.map(\.externalID) == [id], "\(query)")
            }
            // Stored again: unchanged, whatever was prepared.
            let again = try await stores.artifacts.prepareArtifacts(artifacts)
            #expect(
                try await stores.artifacts.storePage(PageWrite(artifacts: artifacts, prepared: again))
                    == BatchStoreResult(unchanged: 2)
            )
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aPreparationOfOtherArtifactsIsNotUsed(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let prepared = try await stores.artifacts.prepareArtifacts([
                try makeArtifact(id: "1", content: "apricot")
            ])
            let result = try await stores.artifacts.storePage(
                PageWrite(artifacts: [try makeArtifact(id: "1", content: "blueberry")], prepared: prepared)
            )
            #expect(result == BatchStoreResult(inserted: 1))
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "apricot", limit: 5).isEmpty)
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "blueberry", limit: 5).count == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aPreparedPageDecidesArtifactByArtifactAgainstWhatIsStoredWhenWritten(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1", content: "cherry", updatedAt: 2_000)])
            // Prepared while "cherry" is stored (so its second version looks unchanged), then stored after
            // the first version replaced it: the second version is written and found.
            let page = [
                try makeArtifact(id: "1", content: "damson", updatedAt: 3_000),
                try makeArtifact(id: "1", content: "cherry", updatedAt: 4_000),
            ]
            let prepared = try await stores.artifacts.prepareArtifacts(page)
            let result = try await stores.artifacts.storePage(PageWrite(artifacts: page, prepared: prepared))
            #expect(result == BatchStoreResult(updated: 2))
            #expect(try await stores.artifacts.artifact(page[1].key)?.content == "cherry")
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "cherry", limit: 5).count == 1)
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "damson", limit: 5).isEmpty)
        }
    }
}
