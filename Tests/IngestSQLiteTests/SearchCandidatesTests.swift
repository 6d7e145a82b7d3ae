import Foundation
import IngestCore
import Testing

@testable import IngestSQLite

/// A query ranks at most the tenant's newest `candidateLimit` matches; with fewer matches it ranks
/// them all.
@Suite("SQLite search: a bounded candidate set")
struct SearchCandidatesTests {
    @Test func aCommonWordIsRankedAmongTheNewestMatchesAndARareOneEverywhere() async throws {
        let test = try TestDatabase()
        let store = SQLiteArtifactStore(database: test.database)
        let acme = try TenantID("acme")
        let other = try TenantID("other")
        func artifact(_ tenant: TenantID, _ number: Int, title: String, text: String) -> Artifact {
            Artifact(
                tenantID: tenant,
                source: .intercom,
                kind: "conversation",
                externalID: "\(number)",
                title: title,
                url: nil,
                createdAt: Date(timeIntervalSince1970: 1),
                updatedAt: Date(timeIntervalSince1970: 1),
                authors: [],
                tags: [],
                state: nil,
                content: text,
                metadata: [:],
                rawPayload: Data("{}".utf8)
            )
        }
        // The oldest artifact is the best match for "заказ" (the word in its title too); another
        // tenant's newer artifacts match as well.
        var artifacts = [artifact(acme, 0, title: "заказ заказ", text: "заказ редкий")]
        for number in 1..<30 {
            artifacts.append(artifact(acme, number, title: "T\(number)", text: "заказ ещё не пришёл"))
        }
        for number in 30..<60 { artifacts.append(artifact(other, number, title: "T\(number)", text: "заказ")) }
        _ = try await store.storePage(PageWrite(artifacts: artifacts))
        let all = SQLiteSearchIndex(database: test.database)

        #expect(try await all.search(tenantID: acme, query: "заказ", limit: 3).first?.externalID == "0")
        let bounded = SQLiteSearchIndex(database: test.database, candidateLimit: 10)
        let hits = try await bounded.search(tenantID: acme, query: "заказ", limit: 30)
        // The tenant's ten newest matches (the other tenant's do not count against them).
        #expect(Set(hits.map(\.externalID)) == Set((20..<30).map(String.init)))
        // A word with fewer matches than the limit is found wherever it is.
        #expect(try await bounded.search(tenantID: acme, query: "редкий", limit: 5).map(\.externalID) == ["0"])
        #expect(
            try await bounded.search(tenantID: acme, query: "\"заказ редкий\"", limit: 5).map(\.externalID) == ["0"]
        )
    }
}
