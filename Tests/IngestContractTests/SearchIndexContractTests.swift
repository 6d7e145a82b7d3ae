import Foundation
import IngestCore
import Testing

@Suite("SearchIndex contract", .timeLimit(.minutes(10)))
struct SearchIndexContractTests {
    let acme = try! TenantID("acme")
    let globex = try! TenantID("globex")

    /// Queries that must never fail, whatever the backend's query syntax.
    static let hostileQueries = [
        "\"", "\"\"", "\"unbalanced", "refund AND", "AND", "OR OR", "NOT refund", "refund*", "*", "-refund",
        "refund -login", "title:refund", ":", "(refund", "refund)", "()", "NEAR(refund login)", "^refund", "refund^2",
        "'; DROP TABLE artifacts; --", "1=1 OR", "a\"b\"c", "\\", "%", "_", "{}", "[x]", "\u{0}", "refund\u{0}",
        "🙂", "  ", "", "ORD-42", "AB:12", "tracking: AB:12 (x)", "!refund", "refund & login", "refund | login",
        "refund <-> login", "refund:*", "'refund'", "$1", "?", "the", "a an the of", "\t\n",
        String(repeating: "refund ", count: 5_000), String(repeating: "x", count: 10_000),
    ]

    func seed(_ stores: Stores) async throws {
        try await stores.artifacts.storeArtifactsBatch([
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
        try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom)
        try await stores.searchIndex.triggerIndexing(tenantID: globex, source: .intercom)
    }

    func ids(_ stores: Stores, _ query: String, tenant: TenantID? = nil) async throws -> [String] {
        try await stores.searchIndex.search(tenantID: tenant ?? acme, query: query, limit: 10).map(\.externalID)
    }

    @Test(arguments: StoreBackend.allCases)
    func ranksTitleMatchesFirstWithSnippets(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            let hits = try await stores.searchIndex.search(tenantID: acme, query: "refund", limit: 10)
            #expect(hits.map(\.externalID) == ["1", "2"])
            #expect(hits[0].snippet.contains("[refund]") || hits[0].snippet.contains("[Refund]"))
            #expect(hits[1].snippet.contains("[refund]"))
            #expect(hits[0].score > hits[1].score)
            #expect(hits[0].title == "Refund for double charge")
            #expect(hits[0].url?.hasSuffix("/conversation/1") == true)
            #expect(hits[0].source == .intercom)
            #expect(hits[0].kind == "conversation")
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "refund", limit: 1).count == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aTitleOnlyMatchStillHasASnippet(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            let hits = try await stores.searchIndex.search(tenantID: acme, query: "shipping", limit: 10)
            #expect(hits.map(\.externalID) == ["3"])
            #expect(!hits[0].snippet.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func everyWordMustMatchWhenPossibleElseAnyWord(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            #expect(try await ids(stores, "refund double charged") == ["1"])
            #expect(try await ids(stores, "parcel zebra") == ["3"])
            #expect(Set(try await ids(stores, "zebra parcel login")) == ["2", "3"])
            #expect(try await ids(stores, "zebra").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func quotedPhrasesMatchExactly(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            #expect(try await ids(stores, "\"double charged\"") == ["1"])
            #expect(try await ids(stores, "\"charged double\"").isEmpty)
            #expect(Set(try await ids(stores, "\"please refund\" login")) == ["1", "2"])
            #expect(try await ids(stores, "\"please refund\"") == ["1"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func searchIsScopedToTheTenant(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            #expect(try await ids(stores, "globex").isEmpty)
            #expect(try await ids(stores, "secret").isEmpty)
            #expect(try await ids(stores, "refund", tenant: globex) == ["9"])
            #expect(try await ids(stores, "refund", tenant: TenantID("nobody")).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func hostileQueriesNeverFail(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            for query in Self.hostileQueries {
                let hits = try await stores.searchIndex.search(tenantID: acme, query: query, limit: 5)
                #expect(hits.count <= 5, "\(query.prefix(40))")
            }
            #expect(try await stores.artifacts.countArtifacts(tenantID: acme, source: .intercom) == 4)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func punctuationAndOperatorsAreSearchedLiterally(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            #expect(try await ids(stores, "ORD-42") == ["3"])
            #expect(try await ids(stores, "AB:12") == ["3"])
            #expect(try await ids(stores, "refund*") == ["1", "2"])
            // NOT and a leading '-' are text here, not operators: the refund conversations still match.
            #expect(Set(try await ids(stores, "NOT refund")) == ["1", "2"])
            #expect(Set(try await ids(stores, "-refund")) == ["1", "2"])
            #expect(try await ids(stores, "(parcel)") == ["3"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func unicodeAndDiacritics(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            #expect(try await ids(stores, "résumé") == ["4"])
            #expect(try await ids(stores, "creme") == ["4"])
            #expect(try await ids(stores, "CRÈME") == ["4"])
            #expect(try await ids(stores, "naive") == ["4"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aStoredArtifactIsSearchableWhenItsPageCommits(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await stores.artifacts.storeArtifactsBatch([makeArtifact(id: "1", content: "pending parcel")])
            // Both stores index what they write, in the page's transaction: nothing is left waiting.
            #expect(try await ids(stores, "parcel") == ["1"])
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: globex, source: .intercom) == 0)
            #expect(try await ids(stores, "parcel") == ["1"])
            #expect(try await stores.searchIndex.search(tenantID: globex, query: "parcel", limit: 5).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func updatesReplaceTheIndexedText(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(id: "3", title: "Shipping", content: "Parcel arrived, thanks", updatedAt: 9_000)
            ])
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            #expect(try await ids(stores, "tracking").isEmpty)
            #expect(try await ids(stores, "arrived") == ["3"])
            #expect(try await ids(stores, "parcel") == ["3"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func unchangedWritesAreNotReindexed(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            let again = try await stores.artifacts.storeArtifactsBatch([
                makeArtifact(
                    id: "1",
                    title: "Refund for double charge",
                    content: "I was double charged, please refund me.",
                    updatedAt: 8_000
                ),
                makeArtifact(id: "2", title: "Old", content: "stale", updatedAt: 1_000),
            ])
            #expect(again == BatchStoreResult(unchanged: 1, stale: 1))
            #expect(try await stores.searchIndex.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            #expect(try await ids(stores, "stale").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func emptyAndZeroLimitQueriesFindNothing(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            try await seed(stores)
            #expect(try await ids(stores, "").isEmpty)
            #expect(try await ids(stores, "   ").isEmpty)
            #expect(try await stores.searchIndex.search(tenantID: acme, query: "refund", limit: 0).isEmpty)
        }
    }
}
