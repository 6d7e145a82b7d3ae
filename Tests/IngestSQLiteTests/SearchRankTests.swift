import Foundation
import GRDB
import IngestCore
import Testing

@testable import IngestSQLite

/// `ingest_rank` orders matches exactly as FTS5's `bm25` does: with several phrases its scores are
/// bm25's; with one phrase they are bm25's divided by the phrase's weight, which is the same for
/// every row.
@Suite("SQLite search: ingest_rank is bm25's order")
struct SearchRankTests {
    static let words = [
        "заказ", "доставка", "возврат", "注文", "配送", "order", "refund", "shipping", "crème", "παραγγελία",
        "طلب", "invoice",
    ]

    @Test func itOrdersMatchesAsBM25Does() async throws {
        let test = try TestDatabase()
        let store = SQLiteArtifactStore(database: test.database)
        var generator = SystemRandomNumberGenerator()
        var artifacts: [Artifact] = []
        for number in 0..<300 {
            // Documents of different lengths with different mixes of the words, some in the title.
            let length = Int.random(in: 3...400, using: &generator)
            let text = (0..<length).map { _ in Self.words.randomElement(using: &generator)! + " filler" }
                .joined(separator: " ")
            let title = (0..<Int.random(in: 0...3, using: &generator)).map { _ in Self.words.randomElement()! }
                .joined(separator: " ")
            artifacts.append(try makeArtifact(id: "\(number)", title: title, content: text))
        }
        _ = try await store.storePage(PageWrite(artifacts: artifacts))
        let queries: [(expression: String, phrases: Int)] = [
            (#""заказ""#, 1), (#""注文""#, 1), (#""refund filler shipping""#, 1), (#""creme""#, 1),
            (#""заказ" "доставка""#, 2), (#""order" OR "طلب" OR "invoice""#, 3), (#""παραγγελία" "refund filler""#, 2),
        ]
        for query in queries {
            let rows = try test.database.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rowid, bm25(artifacts_fts, 4.0, 1.0) AS bm25, ingest_rank(artifacts_fts, 4.0, 1.0) AS ours
                        FROM artifacts_fts WHERE artifacts_fts MATCH ?
                        """,
                    arguments: [query.expression]
                )
            }
            #expect(rows.count > 5, "\(query.expression) matches enough rows to compare")
            let bm25 = rows.map { $0["bm25"] as Double }
            let ours = rows.map { $0["ours"] as Double }
            #expect(ours.allSatisfy { $0 < 0 })
            if query.phrases > 1 {
                for (theirs, mine) in zip(bm25, ours) {
                    #expect(abs(theirs - mine) <= 1e-9 * abs(theirs), "\(query.expression)")
                }
            } else {
                let ratio = bm25[0] / ours[0]
                #expect(ratio > 0)
                for (theirs, mine) in zip(bm25, ours) {
                    #expect(abs(theirs / mine - ratio) <= 1e-9 * ratio, "\(query.expression)")
                }
            }
            let orderByBM25 = zip(rows.map { $0["rowid"] as Int64 }, bm25).sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            let orderByOurs = zip(rows.map { $0["rowid"] as Int64 }, ours).sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            #expect(orderByBM25.map(\.0) == orderByOurs.map(\.0), "\(query.expression)")
        }
    }
}
