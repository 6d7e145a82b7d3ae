import Foundation
import IngestCore
import IngestSQLite
import Testing

@Suite("SQLite FTS5 search")
struct SQLiteSearchIndexTests {
    let test: TestDatabase
    let store: SQLiteArtifactStore
    let index: SQLiteSearchIndex
    let acme: TenantID
    let globex: TenantID

    init() throws {
        test = try TestDatabase()
        store = SQLiteArtifactStore(database: test.database)
        index = SQLiteSearchIndex(database: test.database)
        acme = try TenantID("acme")
        globex = try TenantID("globex")
    }

    func seed() async throws {
        try await store.storeArtifactsBatch([
            makeArtifact(
                id: "1",
                title: "Refund for double charge",
                content: "I was double charged, please refund me."
            ),
            makeArtifact(
                id: "2",
                title: "Login problem",
                content: "Cannot log in since the update. Mentions a refund once."
            ),
            makeArtifact(id: "3", title: "Shipping", content: "Where is my parcel? Order ORD-42 (tracking: AB:12)."),
            makeArtifact(id: "4", title: "Café crème", content: "Unicode: naïve résumé 日本語 👩‍💻 emoji."),
            makeArtifact(
                tenant: "globex",
                id: "9",
                title: "Refund secret of globex",
                content: "globex refund double charged"
            ),
        ])
        try await index.triggerIndexing(tenantID: acme, source: .intercom)
        try await index.triggerIndexing(tenantID: globex, source: .intercom)
    }

    @Test func ranksTitleMatchesFirstWithSnippets() async throws {
        try await seed()
        let hits = try await index.search(tenantID: acme, query: "refund", limit: 10)
        #expect(hits.map(\.externalID) == ["1", "2"])
        #expect(hits[0].snippet.contains("[refund]") || hits[0].snippet.contains("[Refund]"))
        #expect(hits[0].score > hits[1].score)
        #expect(hits[0].url?.hasSuffix("/conversation/1") == true)
    }

    @Test func everyWordMustMatchWhenPossibleElseAnyWord() async throws {
        try await seed()
        #expect(
            try await index.search(tenantID: acme, query: "refund double charged", limit: 10).map(\.externalID) == ["1"]
        )
        let fallback = try await index.search(tenantID: acme, query: "parcel zebra", limit: 10)
        #expect(fallback.map(\.externalID) == ["3"])
    }

    @Test func quotedPhrasesMatchExactly() async throws {
        try await seed()
        #expect(
            try await index.search(tenantID: acme, query: "\"double charged\"", limit: 10).map(\.externalID) == ["1"]
        )
        #expect(try await index.search(tenantID: acme, query: "\"charged double\"", limit: 10).isEmpty)
    }

    @Test func searchIsScopedToTheTenant() async throws {
        try await seed()
        let acmeHits = try await index.search(tenantID: acme, query: "globex", limit: 10)
        #expect(acmeHits.isEmpty)
        let globexHits = try await index.search(tenantID: globex, query: "refund", limit: 10)
        #expect(globexHits.map(\.externalID) == ["9"])
        #expect(try await index.search(tenantID: TenantID("nobody"), query: "refund", limit: 10).isEmpty)
    }

    @Test(arguments: [
        "\"", "\"\"", "\"unbalanced", "refund AND", "AND", "OR OR", "NOT refund", "refund*", "*", "-refund",
        "refund -login",
        "title:refund", ":", "(refund", "refund)", "()", "NEAR(refund login)", "^refund", "refund^2",
        "'; DROP TABLE artifacts; --",
        "1=1 OR", "a\"b\"c", "\\", "%", "_", "{}", "[x]", "\u{0}", "🙂", "  ", "", "ORD-42", "AB:12",
        "tracking: AB:12 (x)",
        String(repeating: "refund ", count: 5_000),
    ])
    func hostileQueriesNeverFail(query: String) async throws {
        try await seed()
        let hits = try await index.search(tenantID: acme, query: query, limit: 5)
        #expect(hits.count <= 5)
        #expect(try await store.countArtifacts(tenantID: acme, source: .intercom) == 4)
    }

    @Test func punctuationIsSearchedLiterally() async throws {
        try await seed()
        #expect(try await index.search(tenantID: acme, query: "ORD-42", limit: 5).map(\.externalID) == ["3"])
        #expect(try await index.search(tenantID: acme, query: "AB:12", limit: 5).map(\.externalID) == ["3"])
        #expect(try await index.search(tenantID: acme, query: "refund*", limit: 5).map(\.externalID) == ["1", "2"])
        // NOT is a word here, not an operator: the refund conversations still match.
        #expect(
            Set(try await index.search(tenantID: acme, query: "NOT refund", limit: 5).map(\.externalID)) == ["1", "2"]
        )
    }

    @Test func unicodeAndDiacritics() async throws {
        try await seed()
        #expect(try await index.search(tenantID: acme, query: "creme", limit: 5).map(\.externalID) == ["4"])
        #expect(try await index.search(tenantID: acme, query: "résumé", limit: 5).map(\.externalID) == ["4"])
    }

    @Test func updatesReplaceTheIndexedText() async throws {
        try await seed()
        try await store.storeArtifactsBatch([
            makeArtifact(id: "3", title: "Shipping", content: "Parcel arrived, thanks", updatedAt: 9_000)
        ])
        try await index.triggerIndexing(tenantID: acme, source: .intercom)
        #expect(try await index.search(tenantID: acme, query: "tracking", limit: 5).isEmpty)
        #expect(try await index.search(tenantID: acme, query: "arrived", limit: 5).map(\.externalID) == ["3"])
    }
}
