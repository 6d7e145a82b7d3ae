import Foundation
import IngestCore
import IngestTestSupport
import PostgresNIO
import Testing

@testable import IngestPostgres

/// PostgreSQL search: the store indexes as it writes, a query ranks a bounded candidate set found
/// with the GIN index, and rows marked for indexing by an older version are still indexed.
@Suite("PostgreSQL search: candidates and plans", .timeLimit(.minutes(10)))
struct PostgresSearchPlanTests {
    let acme = try! TenantID("acme")
    let other = try! TenantID("other")

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

    @Test func aCommonWordIsRankedAmongTheNewestMatchesAndARareOneEverywhere() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            // The oldest artifact is the best match for "заказ" (the word in its title too); another
            // tenant's newer artifacts match as well.
            var artifacts = [artifact(acme, 0, title: "заказ заказ", text: "заказ редкий")]
            for number in 1..<30 {
                artifacts.append(artifact(acme, number, title: "T\(number)", text: "заказ ещё не пришёл"))
            }
            for number in 30..<60 { artifacts.append(artifact(other, number, title: "T\(number)", text: "заказ")) }
            _ = try await store.storePage(PageWrite(artifacts: artifacts))

            let all = PostgresSearchIndex(database: database)
            #expect(try await all.search(tenantID: acme, query: "заказ", limit: 3).first?.externalID == "0")
            let bounded = PostgresSearchIndex(database: database, candidateLimit: 10)
            let hits = try await bounded.search(tenantID: acme, query: "заказ", limit: 30)
            // The tenant's ten newest matches (the other tenant's do not count against them).
            #expect(Set(hits.map(\.externalID)) == Set((20..<30).map(String.init)))
            // A word with fewer matches than the limit is found wherever it is, with its snippet.
            let rare = try await bounded.search(tenantID: acme, query: "редкий", limit: 5)
            #expect(rare.map(\.externalID) == ["0"])
            #expect(rare.first?.snippet.contains("[редкий]") == true, "\(rare)")
            #expect(
                try await bounded.search(tenantID: acme, query: "\"заказ редкий\"", limit: 5).map(\.externalID) == ["0"]
            )
        }
    }

    @Test func theStoreIndexesAsItWritesAndTheTriggerTakesRowsLeftMarked() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let index = PostgresSearchIndex(database: database)
            try await store.storeArtifactsBatch([artifact(acme, 1, title: "Parcel", text: "tracking number lost")])
            #expect(try await index.search(tenantID: acme, query: "tracking", limit: 5).map(\.externalID) == ["1"])
            #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            // An update replaces the indexed text in the same statement.
            try await store.storeArtifactsBatch([
                Artifact(
                    tenantID: acme,
                    source: .intercom,
                    kind: "conversation",
                    externalID: "1",
                    title: "Parcel",
                    url: nil,
                    createdAt: Date(timeIntervalSince1970: 1),
                    updatedAt: Date(timeIntervalSince1970: 2),
                    authors: [],
                    tags: [],
                    state: nil,
                    content: "arrived at last",
                    metadata: [:],
                    rawPayload: Data("{}".utf8)
                )
            ])
            #expect(try await index.search(tenantID: acme, query: "tracking", limit: 5).isEmpty)
            #expect(try await index.search(tenantID: acme, query: "arrived", limit: 5).map(\.externalID) == ["1"])

            // A row written by a version that indexed at the trigger: marked, without a tsvector.
            try await database.client.query(
                "UPDATE artifacts SET search_vector = NULL, needs_indexing = true WHERE external_id = '1'"
            )
            #expect(try await index.search(tenantID: acme, query: "arrived", limit: 5).isEmpty)
            #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 1)
            #expect(try await index.search(tenantID: acme, query: "arrived", limit: 5).map(\.externalID) == ["1"])
        }
    }

    @Test func theCandidatesOfARareWordComeFromTheGINIndex() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            // Enough rows of conversation length that reading them all costs more than the index; one
            // holds the rare word.
            let filler = Array(repeating: "посылка обычный доставка", count: 60).joined(separator: " ")
            var artifacts: [Artifact] = []
            for number in 0..<4_000 {
                let word = number == 1_234 ? "редкий" : "слово\(number % 97)"
                artifacts.append(artifact(acme, number, title: "T\(number)", text: "\(word) \(number) " + filler))
            }
            _ = try await store.storePage(PageWrite(artifacts: artifacts))
            try await database.client.query("ANALYZE artifacts")
            let query = PostgresSearchIndex.searchQuery(
                tenantID: acme,
                source: nil,
                expression: "\"редкий\"",
                limit: 10,
                candidateLimit: PostgresSearchIndex.defaultCandidateLimit
            )
            let rows = try await database.client.query(
                PostgresQuery(unsafeSQL: "EXPLAIN (FORMAT TEXT) " + query.sql, binds: query.binds)
            ).collect()
            let plan = try rows.map { try $0.decode(String.self) }.joined(separator: "\n")
            #expect(plan.contains("Bitmap Index Scan on artifacts_search"), "\(plan)")
            #expect(!plan.contains("Seq Scan on artifacts"), "\(plan)")
            let hits = try await PostgresSearchIndex(database: database).search(
                tenantID: acme,
                query: "редкий",
                limit: 10
            )
            #expect(hits.map(\.externalID) == ["1234"])
        }
    }

    /// Where a query looks for its candidates follows how common it is among the tenant's newest rows.
    @Test func theWayToTheCandidatesFollowsHowCommonTheQueryIs() {
        func way(
            _ matched: Int,
            of sampled: Int,
            ids: ClosedRange<Int64> = 801...1_000,
            limit: Int = 10
        )
            -> PostgresSearchIndex.Candidates
        {
            PostgresSearchIndex.candidates(
                matched: matched,
                sampled: sampled,
                lowestID: ids.lowerBound,
                highestID: ids.upperBound,
                candidateLimit: limit
            )
        }
        // A quarter or more match: walk the newest rows.
        #expect(way(50, of: 200) == .walk)
        #expect(way(200, of: 200) == .walk)
        // None matched: the whole index.
        #expect(way(0, of: 200) == .index(fromID: 0))
        // 10 in 200: 10 candidates need about 200 rows, 300 with the margin; ids one apart.
        #expect(way(10, of: 200) == .index(fromID: 700))
        // Another tenant's rows in between: the tenant's ids are 5 apart, so the range is 5 times wider.
        #expect(way(10, of: 200, ids: 5_001...5_996) == .index(fromID: 5_996 - 1_500))
        // Wider than every id: the whole index. The whole tenant sampled: likewise.
        #expect(way(1, of: 200, limit: 500) == .index(fromID: 0))
        #expect(way(5, of: 50, ids: 951...1_000) == .index(fromID: 0))
    }

    /// A word of middling frequency is searched in an id range that should hold enough matches; when
    /// it holds fewer, the search goes further back, so the candidates are the tenant's newest matches
    /// either way.
    @Test func aRangeThatHoldsTooFewMatchesIsWidened() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            var artifacts: [Artifact] = []
            for number in 0..<1_000 {
                // 30 matches among the oldest 100 rows, then none until one in ten of the newest 200.
                let matches = (number < 100 && number % 3 == 0) || (number >= 800 && number % 10 == 0)
                let word = matches ? "середина" : "слово\(number % 50)"
                artifacts.append(artifact(acme, number, title: "T\(number)", text: "\(word) посылка \(number)"))
            }
            _ = try await store.storePage(PageWrite(artifacts: artifacts))
            try await database.client.query("ANALYZE artifacts")
            let index = PostgresSearchIndex(database: database, candidateLimit: 30)
            let hits = try await index.search(tenantID: acme, query: "середина", limit: 100)
            // 20 among the newest 200; the range for 30 (450 rows back) holds no more, so the search
            // went back to the oldest: the 30 newest matches are these.
            let expected = (800..<1_000).filter { $0 % 10 == 0 } + (0..<100).filter { $0 % 3 == 0 }.suffix(10)
            #expect(Set(hits.map(\.externalID)) == Set(expected.map(String.init)))
            // With a limit the range holds, the range's matches are the candidates.
            let narrow = try await PostgresSearchIndex(database: database, candidateLimit: 5)
                .search(tenantID: acme, query: "середина", limit: 100)
            #expect(Set(narrow.map(\.externalID)) == Set([990, 980, 970, 960, 950].map(String.init)))
        }
    }

    /// A new artifacts table gets planner statistics after its first page, so the store's lookup of a
    /// page's stored versions goes through the unique key's index instead of filtering every row of
    /// the tenant (a first backfill on a new database ran at a quarter of its speed).
    @Test func aNewTableIsAnalyzedAfterItsFirstPageSoLookupsUseTheUniqueKey() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let artifacts = (0..<300).map { artifact(acme, $0, title: "T\($0)", text: "посылка \($0)") }
            _ = try await store.storePage(PageWrite(artifacts: artifacts))
            let analyzed = try await database.client.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM pg_stats
                    WHERE schemaname = current_schema() AND tablename = 'artifacts' AND attname = 'external_id'
                )
                """
            ).collect()
            #expect(try analyzed.first?.decode(Bool.self) == true)
            let plan = try await database.client.query(
                """
                EXPLAIN SELECT id FROM artifacts WHERE (tenant_id, source, kind, external_id) IN (
                    SELECT * FROM unnest(ARRAY['acme']::text[], ARRAY['intercom']::text[],
                        ARRAY['conversation']::text[], ARRAY['7']::text[]))
                """
            ).collect().map { try $0.decode(String.self) }.joined(separator: "\n")
            #expect(plan.contains("artifacts_tenant_id_source_kind_external_id_key"), "\(plan)")
            #expect(!plan.contains("artifacts_tenant_source_id"), "\(plan)")
        }
    }

    @Test func largeValuesAreCompressedWithLZ4WhereTheServerHasIt() async throws {
        try await TestPostgres.withFreshSchema { database in
            let hasLZ4: Bool
            do {
                try await database.client.query("CREATE TEMP TABLE lz4_probe (x text COMPRESSION lz4)")
                hasLZ4 = true
            } catch {
                hasLZ4 = false
            }
            let rows = try await database.client.query(
                """
                SELECT attname::text, attcompression::text FROM pg_attribute
                WHERE attrelid = 'artifacts'::regclass
                    AND attname IN ('content', 'raw_payload', 'metadata', 'search_vector')
                """
            ).collect()
            let methods = try Dictionary(uniqueKeysWithValues: rows.map { try $0.decode((String, String).self) })
            #expect(methods.count == 4)
            #expect(methods.values.allSatisfy { $0 == (hasLZ4 ? "l" : "") }, "\(methods)")
            // Stored and read back unchanged.
            let store = PostgresArtifactStore(database: database)
            let long = String(repeating: "заказ 📦 доставка ", count: 2_000)
            try await store.storeArtifactsBatch([artifact(acme, 1, title: "T", text: long)])
            #expect(try await store.artifact(artifact(acme, 1, title: "T", text: long).key)?.content == long)
        }
    }

    @Test func aSnippetShowsTheMatchWhereverItIsInALongConversation() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let index = PostgresSearchIndex(database: database)
            let filler = String(repeating: "посылка обычный доставка ", count: 2_000)
            try await store.storeArtifactsBatch([
                artifact(acme, 1, title: "T", text: filler + "Возврат оформлен вчера. " + filler),
                artifact(acme, 2, title: "T", text: filler + "the parcel was refunded today " + filler),
            ])
            // Written with a capital, searched in lower case; 50,000 characters in.
            let first = try await index.search(tenantID: acme, query: "возврат", limit: 5)
            #expect(first.map(\.externalID) == ["1"])
            #expect(first.first?.snippet.contains("[Возврат] оформлен вчера") == true, "\(first)")
            // Another form of the word (stemming) is highlighted too.
            let second = try await index.search(tenantID: acme, query: "refund today", limit: 5)
            #expect(second.map(\.externalID) == ["2"])
            #expect(second.first?.snippet.contains("[refunded] [today]") == true, "\(second)")
        }
    }
}
