import Foundation
import GRDB
import IngestCore
import Testing

@testable import IngestSQLite

/// A database written by the schema before v4 (an FTS5 table with its own copy of the text, raw
/// payloads stored as received) opens with nothing lost: every payload reads back byte for byte (now
/// compressed), indexed artifacts are found, and one that was waiting to be indexed is indexed by the
/// next indexing run with its current text only.
@Suite("SQLite migration v4: external-content index, compressed payloads")
struct MigrationV4Tests {
    static let payloads: [Data] = [
        Data(#"{"id":"1","body":"<p>注文番号の商品がまだ届いていません 👩🏽‍💻 مرحبا \u200f</p>"}"#.utf8),
        Data(String(repeating: #"{"part":"Привет, заказ #123456 ещё не пришёл — ошибка 502 支付失败"},"#, count: 300).utf8),
        Data(),
        Data((0..<2_048).map { UInt8(truncatingIfNeeded: $0 &* 37) }),
    ]

    /// Writes four artifacts the way the previous schema's store and index did.
    static func writeOldDatabase(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try SQLiteDatabase.migrator.migrate(queue, upTo: "v3-sync-state-tombstones-schedules")
        try queue.write { db in
            for (index, payload) in payloads.enumerated() {
                let indexed = index != 1
                try db.execute(
                    sql: """
                        INSERT INTO artifacts (id, tenant_id, source, kind, external_id, title, url, created_at, updated_at,
                            authors, tags, state, content, metadata, raw_payload, content_hash, stored_at, needs_indexing)
                        VALUES (?, 'acme', 'intercom', 'conversation', ?, ?, NULL, 1, 2, '[]', '[]', NULL, ?, '{}', ?, ?, 3, ?)
                        """,
                    arguments: [
                        index + 1, "c\(index)", "Title \(index)", "current text of item\(index) zebra\(index)", payload,
                        "hash\(index)", indexed ? 0 : 1,
                    ]
                )
                // The old index held its own copy; item 1 changed since it was indexed.
                try db.execute(
                    sql: "INSERT INTO artifacts_fts (rowid, title, content) VALUES (?, ?, ?)",
                    arguments: [
                        index + 1, "Title \(index)",
                        indexed ? "current text of item\(index) zebra\(index)" : "old text giraffe\(index)",
                    ]
                )
            }
        }
    }

    @Test func aDatabaseOfThePreviousSchemaMigratesWithNothingLost() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        try Self.writeOldDatabase(at: path)

        let database = try SQLiteDatabase(path: path)
        let store = SQLiteArtifactStore(database: database)
        let index = SQLiteSearchIndex(database: database)
        let acme = try TenantID("acme")
        for (position, payload) in Self.payloads.enumerated() {
            let key = ArtifactKey(tenantID: acme, source: .intercom, kind: "conversation", externalID: "c\(position)")
            let artifact = try #require(try await store.artifact(key))
            #expect(artifact.rawPayload == payload)
        }
        let stored = try database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT raw_payload, raw_payload_encoding, raw_payload_size FROM artifacts ORDER BY id"
            )
        }
        #expect(stored.allSatisfy { $0["raw_payload_encoding"] as String? == "zlib" })
        #expect(stored.map { $0["raw_payload_size"] as Int } == Self.payloads.map(\.count))
        // The repetitive payload shrank to a small part of its size.
        #expect((stored[1]["raw_payload"] as Data).count * 10 < Self.payloads[1].count)

        // Indexed items are found; the one waiting is not (neither by its old text nor its new) until
        // the next indexing run, which indexes its current text.
        #expect(try await database.pool.read { try SQLiteSearchIndex.indexedCount(in: $0) } == 3)
        #expect(try await index.search(tenantID: acme, query: "zebra0", limit: 5).map(\.externalID) == ["c0"])
        #expect(try await index.search(tenantID: acme, query: "zebra3", limit: 5).map(\.externalID) == ["c3"])
        #expect(try await index.search(tenantID: acme, query: "giraffe1", limit: 5).isEmpty)
        #expect(try await index.search(tenantID: acme, query: "zebra1", limit: 5).isEmpty)
        #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 1)
        #expect(try await index.search(tenantID: acme, query: "zebra1", limit: 5).map(\.externalID) == ["c1"])
        #expect(try await index.search(tenantID: acme, query: "giraffe1", limit: 5).isEmpty)
        let integrity = try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO artifacts_fts (artifacts_fts, rank) VALUES ('integrity-check', 1)")
            return true
        }
        #expect(integrity)
    }

    /// Updates and deletions keep the index exactly in step with the artifacts it refers to: after
    /// every write FTS5's integrity check (which compares the index with the content it reads through
    /// the `artifacts_text` view, decompressing it) passes, and a search finds the current text only.
    @Test func updatesAndDeletionsKeepTheIndexInStep() async throws {
        let test = try TestDatabase()
        let store = SQLiteArtifactStore(database: test.database)
        let index = SQLiteSearchIndex(database: test.database)
        let acme = try TenantID("acme")
        // Long enough to be stored compressed.
        let filler = String(repeating: " 注文番号の商品がまだ届いていません — заказ ещё не пришёл", count: 20)
        func artifact(_ id: String, _ text: String, updated: Double) -> Artifact {
            Artifact(
                tenantID: acme,
                source: .intercom,
                kind: "conversation",
                externalID: id,
                title: "T \(id)",
                url: nil,
                createdAt: Date(timeIntervalSince1970: 1),
                updatedAt: Date(timeIntervalSince1970: updated),
                authors: [],
                tags: [],
                state: nil,
                content: text + filler,
                metadata: [:],
                rawPayload: Data("{\"id\":\"\(id)\"}".utf8)
            )
        }
        func check() async throws {
            try await test.database.pool.write { db in
                try db.execute(sql: "INSERT INTO artifacts_fts (artifacts_fts, rank) VALUES ('integrity-check', 1)")
            }
        }
        func found(_ query: String) async throws -> [String] {
            try await index.search(tenantID: acme, query: query, limit: 5).map(\.externalID).sorted()
        }
        _ = try await store.storePage(
            PageWrite(artifacts: [artifact("a", "alpha one", updated: 1), artifact("b", "beta", updated: 1)])
        )
        try await check()
        #expect(try await found("alpha") == ["a"])
        #expect(try await found("заказ") == ["a", "b"])
        let encodings = try await test.database.pool.read { db in
            try String?.fetchAll(db, sql: "SELECT content_encoding FROM artifacts ORDER BY id")
        }
        #expect(encodings == [PayloadCompression.preferredEncoding, PayloadCompression.preferredEncoding])
        // Changed twice, then deleted.
        _ = try await store.storePage(PageWrite(artifacts: [artifact("a", "alpha two", updated: 2)]))
        try await check()
        #expect(try await found("two") == ["a"])
        #expect(try await found("one").isEmpty)
        _ = try await store.storePage(PageWrite(artifacts: [artifact("a", "alpha three", updated: 3)]))
        try await check()
        #expect(try await found("three") == ["a"])
        #expect(try await found("two").isEmpty)
        #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 0)
        _ = try await store.storePage(PageWrite(artifacts: [artifact("b", "beta changed", updated: 2)]))
        // The snippet is read from the compressed content.
        let hit = try #require(try await index.search(tenantID: acme, query: "changed", limit: 5).first)
        #expect(hit.snippet.contains("[changed]"))
        _ = try await store.storePage(
            PageWrite(
                artifacts: [],
                deletions: [
                    Tombstone(
                        key: ArtifactKey(tenantID: acme, source: .intercom, kind: "conversation", externalID: "a"),
                        deletedAt: Date(timeIntervalSince1970: 9)
                    ),
                    Tombstone(
                        key: ArtifactKey(tenantID: acme, source: .intercom, kind: "conversation", externalID: "b"),
                        deletedAt: Date(timeIntervalSince1970: 9)
                    ),
                ]
            )
        )
        try await check()
        #expect(try await test.database.pool.read { try SQLiteSearchIndex.indexedCount(in: $0) } == 0)
        #expect(try await found("three").isEmpty)
        #expect(try await found("заказ").isEmpty)
    }
}
