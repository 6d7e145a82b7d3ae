import Foundation
import IngestCore
import IngestTestSupport
import Testing

@testable import IngestPostgres

/// What the PostgreSQL store does with a page it prepared: the upsert stores the prepared vectors as
/// they are, and only for the artifacts they were made of.
@Suite("PostgreSQL page preparation", .timeLimit(.minutes(10)))
struct PagePreparationTests {
    let acme = try! TenantID("acme")

    @Test func theUpsertStoresThePreparedVector() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let apple = try makeArtifact(id: "1", content: "apple")
            let zebra = try makeArtifact(id: "2", content: "zebra")
            var prepared = try #require(try await store.prepareArtifacts([apple])?.content as? PreparedRows)
            let other = try #require(try await store.prepareArtifacts([zebra])?.content as? PreparedRows)
            // The vector bound is the prepared one, not one computed from the row's text.
            let vector = try #require(other.rows[0].searchVector)
            prepared.rows[0].searchVector = vector
            _ = try await store.storePage(PageWrite(artifacts: [apple], prepared: PreparedArtifacts(prepared)))
            let index = PostgresSearchIndex(database: database)
            #expect(try await index.search(tenantID: acme, query: "zebra", limit: 5).map(\.externalID) == ["1"])
            #expect(try await index.search(tenantID: acme, query: "apple", limit: 5).isEmpty)
        }
    }

    @Test func aPreparationOfAnEarlierFetchOfTheItemIsNotUsed() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let earlier = try makeArtifact(id: "1", content: "apple", updatedAt: 2_000)
            var later = try makeArtifact(id: "1", content: "apple", updatedAt: 3_000)
            later.rawPayload = Data(#"{"id":"1","updated_at":3000}"#.utf8)
            later.refreshContentHash()
            // Same key and content hash (the hash leaves the time and payload out), another fetch.
            #expect(later.contentHash == earlier.contentHash)
            let prepared = try await store.prepareArtifacts([earlier])
            #expect(prepared != nil)
            _ = try await store.storePage(PageWrite(artifacts: [later], prepared: prepared))
            #expect(try await store.artifact(later.key) == later)
        }
    }
}
