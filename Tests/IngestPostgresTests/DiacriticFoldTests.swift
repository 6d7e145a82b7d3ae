import FakeAPIKit
import Foundation
import IngestCore
import IngestTestSupport
import PostgresNIO
import Testing

@testable import IngestPostgres

/// The search index's diacritic fold, computed by the store instead of by PostgreSQL: the same text
/// PostgreSQL's `normalize(…, NFD)` and `regexp_replace` made of it, so rows written before and after
/// and the queries that search them agree.
@Suite("PostgreSQL diacritic fold", .timeLimit(.minutes(10)))
struct DiacriticFoldTests {
    @Test func foldsDiacriticsAndLeavesTextWithoutThemAlone() {
        #expect(DiacriticFold.folded("Crème brûlée, façade") == "Creme brulee, facade")
        #expect(DiacriticFold.folded("мой заказ пришёл") == "мои заказ пришел")
        #expect(DiacriticFold.folded("İstanbul'a gönderildi") == "Istanbul'a gonderildi")
        #expect(DiacriticFold.folded("Tôi chưa nhận được hàng") == "Toi chua nhan đuoc hang")
        // Marks outside U+0300–U+036F stay (decomposed): kana voicing, Hangul jamo.
        #expect(DiacriticFold.folded("だ") == "\u{305F}\u{3099}")
        #expect(DiacriticFold.folded("한") == "\u{1112}\u{1161}\u{11AB}")
        // Nothing to fold: nil, whatever the script.
        for text in ["The refund — charged twice · again", "注文した商品", "مرحبا بكم", "Привет", "👨‍👩‍👧‍👦 \u{200F}", ""] {
            #expect(DiacriticFold.folded(text) == nil, "\(text)")
        }
        // A letter followed by marks out of canonical order: reordered, then dropped.
        #expect(DiacriticFold.folded("a\u{0301}\u{0316}b") == "ab")
        #expect(DiacriticFold.folded("a\u{0301}\u{05B0}\u{0591}") == DiacriticFold.reference("a\u{0591}\u{05B0}"))
        // A starter that decomposes into marks sorts them with the marks before it, as Unicode (and
        // PostgreSQL) do; the standard library's whole-string NFD leaves U+0F74 first.
        #expect(
            Array(DiacriticFold.folded("\u{0F40}\u{0F74}\u{0F73}")?.unicodeScalars ?? "".unicodeScalars)
                == ["\u{0F40}", "\u{0F71}", "\u{0F72}", "\u{0F74}"]
        )
    }

    /// Every scalar of the tables' range and past it, alone, after a starter, before and after marks of
    /// several combining classes (U+0F73 decomposes into marks that reorder with those before it).
    @Test func theFastPathEqualsTheReferenceOnEveryScalar() {
        let marks: [Unicode.Scalar] = ["\u{0316}", "\u{0301}", "\u{05B0}", "\u{0F74}", "\u{3099}", "\u{0654}"]
        var values = Array(UInt32(1)..<0x30000)
        values += [0x2F800, 0x2FA1D, 0x30000, 0x31350, 0xE0100, 0xF0000, 0x10FFFD]
        var chunk = String.UnicodeScalarView()
        var chunks = 0
        func check() {
            let text = String(chunk)
            let folded = DiacriticFold.folded(text) ?? text
            #expect(folded == DiacriticFold.reference(text), "chunk \(chunks)")
            #expect(folded.unicodeScalars.elementsEqual(DiacriticFold.reference(text).unicodeScalars))
            chunk = String.UnicodeScalarView()
            chunks += 1
        }
        for (offset, value) in values.enumerated() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch offset % 4 {
            case 0: chunk.append(scalar)
            case 1: chunk.append(contentsOf: ["x", scalar])
            case 2: chunk.append(contentsOf: [marks[offset % marks.count], scalar, marks[(offset / 4) % marks.count]])
            default: chunk.append(contentsOf: [scalar, scalar, " "])
            }
            if chunk.count >= 2_048 { check() }
        }
        check()
    }

    @Test func theFastPathEqualsTheReferenceOnRealWorldText() {
        var random = SplitMix64(seed: 20_261_207)
        for text in Self.samples(&random, count: 400) {
            let folded = DiacriticFold.folded(text) ?? text
            #expect(folded.unicodeScalars.elementsEqual(DiacriticFold.reference(text).unicodeScalars), "\(text)")
        }
    }

    /// What PostgreSQL made of the same text before the store folded it: equal for every character of
    /// Unicode 14 (PostgreSQL 15's tables), alone and in context, and for real-world text.
    @Test func equalsPostgreSQLsFoldOnEveryCharacterItKnows() async throws {
        var texts: [String] = []
        var chunk = String.UnicodeScalarView()
        for value in UInt32(1)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age,
                (age.major, age.minor) <= (14, 0)
            else { continue }
            chunk.append(contentsOf: value % 3 == 0 ? [scalar, "\u{0301}", " "] : [scalar, " "])
            if chunk.count >= 4_096 {
                texts.append(String(chunk))
                chunk = String.UnicodeScalarView()
            }
        }
        texts.append(String(chunk))
        var random = SplitMix64(seed: 7)
        texts += Self.samples(&random, count: 300)
        try await TestPostgres.withFreshSchema { database in
            let rows = try await database.query(
                """
                SELECT \(unescaped: PostgresSearchIndex.folded("t")) FROM unnest(\(texts)::text[]) WITH ORDINALITY AS u (t, n)
                ORDER BY n
                """,
                doing: "fold in SQL"
            )
            let folded = try rows.map { try $0.decode(String.self) }
            #expect(folded.count == texts.count)
            for (text, expected) in zip(texts, folded) {
                let ours = DiacriticFold.folded(text) ?? text
                #expect(ours.unicodeScalars.elementsEqual(expected.unicodeScalars), "\(text.prefix(80))")
            }
        }
    }

    /// The store's `tsvector` (folded in Swift) equals the one the SQL fold computes from the stored
    /// row, computed by the upsert or prepared ahead of it, and either spelling of a word finds it; text
    /// past the indexed length is not indexed.
    @Test(arguments: [false, true])
    func storedVectorsEqualTheSQLFoldsAndEitherSpellingFinds(prepared: Bool) async throws {
        let tenant = try TenantID("acme")
        var random = SplitMix64(seed: 99)
        var artifacts = try Self.samples(&random, count: 60).enumerated().map { number, text in
            try makeArtifact(id: "\(number)", title: String(text.prefix(40)), content: text)
        }
        artifacts.append(try makeArtifact(id: "100", title: "Crème brûlée", content: "Мой заказ пришёл поздно"))
        // The indexed length cuts "é" written as e + U+0301 between the two.
        let filler = String(repeating: "abcd ", count: (Int(PostgresSearchIndex.indexedContentLength) - 5) / 5)
        let long = "Zoë " + filler + "e\u{0301}tail"
        #expect(ArtifactColumns.indexedPart(of: long).unicodeScalars.last == "e")
        artifacts.append(try makeArtifact(id: "101", title: "long", content: long))
        // Nothing to fold, but longer than the indexed length: the store sends the part indexed.
        artifacts.append(try makeArtifact(id: "102", title: "plain", content: "plain " + filler + " beyondthecut"))
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let preparation = prepared ? try await store.prepareArtifacts(artifacts) : nil
            if prepared {
                let rows = try #require(preparation?.content as? PreparedRows).rows
                #expect(rows.count == artifacts.count && rows.allSatisfy { $0.searchVector != nil })
            }
            _ = try await store.storePage(PageWrite(artifacts: artifacts, prepared: preparation))
            let rows = try await database.query(
                """
                SELECT count(*)::int8, count(*) FILTER (WHERE a.search_vector = \(unescaped: PostgresSearchIndex.searchVector))::int8
                FROM artifacts a
                """,
                doing: "compare vectors"
            )
            let (count, equal) = try #require(rows.first).decode((Int64, Int64).self)
            #expect(count == Int64(artifacts.count))
            #expect(equal == count)

            let index = PostgresSearchIndex(database: database)
            for query in ["creme", "crème", "пришел", "пришёл", "мои заказ"] {
                let hits = try await index.search(tenantID: tenant, query: query, limit: 5)
                #expect(hits.map(\.externalID).contains("100"), "\(query): \(hits)")
            }
            #expect(try await index.search(tenantID: tenant, query: "zoe", limit: 5).map(\.externalID) == ["101"])
            #expect(try await index.search(tenantID: tenant, query: "beyondthecut", limit: 5).isEmpty)
        }
    }

    /// Messages as customers write them (the fake APIs' phrasebooks, every language), some with loose
    /// combining marks, decomposed letters, compatibility ideographs, emoji and bidi marks mixed in.
    static func samples(_ random: inout SplitMix64, count: Int) -> [String] {
        let extras = [
            "e\u{0301}", "\u{0316}\u{0301}", "ǖ", "ṩ", "Å", "\u{F900}", "\u{2F800}", "\u{0F40}\u{0F74}\u{0F73}",
            "ạ̀", "\u{05D1}\u{05BC}\u{05B0}", "👍🏽", "\u{200F}", "\u{FEFF}", "ﬁ", "Ω", "\u{1E9B}\u{0323}",
        ]
        return (0..<count).map { _ in
            let book = Phrasebook.all[random.below(Phrasebook.all.count)].book
            var text = random.pick(book.greetings) + " " + random.pick(book.problems)
            for _ in 0..<random.int(0...4) {
                text += " " + random.pick(extras) + random.pick(book.followUps)
            }
            return text
        }
    }
}
