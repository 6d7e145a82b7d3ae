import Foundation
import GRDB
import IngestCore
import Testing

@testable import IngestSQLite

/// A database written by schema v4 (content stored as text, the index external over the artifacts
/// table, the store leaving what it wrote for `triggerIndexing`) opens with nothing lost: every
/// artifact's content reads back exactly (now compressed where that makes it smaller), indexed
/// artifacts are found with snippets, one that was waiting is indexed by the next indexing run, and
/// FTS5's integrity check passes.
@Suite("SQLite migration v5: compressed content, indexed as stored")
struct MigrationV5Tests {
    static let contents: [String] = [
        String(repeating: "注文番号 A-1001 の商品がまだ届いていません 👩🏽‍💻 مرحبا \u{200F}zebra0 ", count: 40),
        "short ✓ zebra1",
        String(
            repeating: "Привет, заказ #123456 ещё не пришёл — ошибка 502 支付失败 zebra2\n— Agent (admin), 2026\n",
            count: 60
        ),
        String(repeating: "ok zebra3 ", count: 30),
    ]

    /// Writes four artifacts the way the v4 store and index did: item 2 still waiting to be indexed.
    static func writeV4Database(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try SQLiteDatabase.migrator.migrate(queue, upTo: "v4-external-content-index-compressed-payloads")
        try queue.write { db in
            for (index, content) in contents.enumerated() {
                let indexed = index != 2
                try db.execute(
                    sql: """
                        INSERT INTO artifacts (id, tenant_id, source, kind, external_id, title, url, created_at, updated_at,
                            authors, tags, state, content, metadata, raw_payload, raw_payload_encoding, raw_payload_size,
                            content_hash, stored_at, needs_indexing)
                        VALUES (?, 'acme', 'intercom', 'conversation', ?, ?, NULL, 1, 2, '[]', '[]', NULL, ?, '{}', ?,
                            'zlib', 2, ?, 3, ?)
                        """,
                    arguments: [
                        index + 1, "c\(index)", "Title \(index)", content,
                        try ValueCompressor(encoding: PayloadCompression.zlib).compress(Data("{}".utf8)),
                        "hash\(index)", indexed ? 0 : 1,
                    ]
                )
                if indexed {
                    try db.execute(
                        sql: "INSERT INTO artifacts_fts (rowid, title, content) VALUES (?, ?, ?)",
                        arguments: [index + 1, "Title \(index)", content]
                    )
                }
            }
        }
    }

    @Test func aDatabaseOfSchemaV4MigratesWithNothingLost() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ingest-mig5-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v4.sqlite").path
        try Self.writeV4Database(at: path)

        let database = try SQLiteDatabase(path: path)
        let store = SQLiteArtifactStore(database: database)
        let index = SQLiteSearchIndex(database: database)
        let acme = try TenantID("acme")
        func key(_ position: Int) -> ArtifactKey {
            ArtifactKey(tenantID: acme, source: .intercom, kind: "conversation", externalID: "c\(position)")
        }
        for (position, content) in Self.contents.enumerated() {
            let artifact = try #require(try await store.artifact(key(position)))
            #expect(artifact.content == content)
            #expect(artifact.rawPayload == Data("{}".utf8))
        }
        let stored = try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT content, content_encoding, content_size FROM artifacts ORDER BY id")
        }
        // Long content is compressed (the repetitive ones to a small part of their size); short stays text.
        #expect(stored.map { $0["content_encoding"] as String? } == ["zlib", nil, "zlib", "zlib"])
        #expect(
            stored.map { $0["content_size"] as Int? } == [
                Self.contents[0].utf8.count, nil, Self.contents[2].utf8.count, Self.contents[3].utf8.count,
            ]
        )
        #expect((stored[2]["content"] as Data).count * 10 < Self.contents[2].utf8.count)

        #expect(try await database.pool.read { try SQLiteSearchIndex.indexedCount(in: $0) } == 3)
        for position in [0, 1, 3] {
            let hits = try await index.search(tenantID: acme, query: "zebra\(position)", limit: 5)
            #expect(hits.map(\.externalID) == ["c\(position)"])
            #expect(hits.first?.snippet.contains("[zebra\(position)]") == true)
        }
        #expect(try await index.search(tenantID: acme, query: "zebra2", limit: 5).isEmpty)
        #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 1)
        #expect(try await index.search(tenantID: acme, query: "zebra2", limit: 5).map(\.externalID) == ["c2"])
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO artifacts_fts (artifacts_fts, rank) VALUES ('integrity-check', 1)")
        }

        // A migrated artifact changes like any other: its old text leaves the index.
        let changed = try makeArtifact(id: "c0", content: "replaced entirely, giraffe", updatedAt: 5)
        #expect(try await store.storePage(PageWrite(artifacts: [changed])).updated == 1)
        #expect(try await index.search(tenantID: acme, query: "zebra0", limit: 5).isEmpty)
        #expect(try await index.search(tenantID: acme, query: "giraffe", limit: 5).map(\.externalID) == ["c0"])
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO artifacts_fts (artifacts_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    /// Content that does not decompress is reported as damage, not returned garbled.
    @Test func damagedContentIsReportedNotReturned() async throws {
        let test = try TestDatabase()
        let store = SQLiteArtifactStore(database: test.database)
        let artifact = try makeArtifact(id: "1", content: String(repeating: "Привет мир ", count: 50))
        _ = try await store.storePage(PageWrite(artifacts: [artifact]))
        #expect(try await store.artifact(artifact.key)?.content == artifact.content)
        try await test.database.pool.write { db in
            try db.execute(sql: "UPDATE artifacts SET content = x'789c0102'")
        }
        await #expect(throws: DamagedText.self) { try await store.artifact(artifact.key) }
    }
}
