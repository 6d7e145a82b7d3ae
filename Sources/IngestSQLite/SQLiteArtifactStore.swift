public import Foundation
import GRDB
public import IngestCore

/// The embedded ``ArtifactStore``: upserts with the design's rules, each batch, its index entries and
/// its checkpoint in one transaction. A page is searchable when it commits: the store indexes what it
/// writes with the text it has in hand (the content column holds it compressed, see ``StoredText``).
public struct SQLiteArtifactStore: ArtifactStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func storePage(_ page: PageWrite) async throws -> BatchStoreResult {
        let now = Date().timeIntervalSince1970
        let compressor = try ValueCompressor()
        let rows = try page.artifacts.map { try ArtifactRow($0, compressor: compressor) }
        return try await database.pool.write { db in
            var result = BatchStoreResult()
            result.deleted = try Self.delete(page.deletions, in: db)
            let tombstone = try db.cachedStatement(
                sql:
                    "SELECT deleted_at FROM tombstones WHERE tenant_id = ? AND source = ? AND kind = ? AND external_id = ?"
            )
            let lift = try db.cachedStatement(
                sql: "DELETE FROM tombstones WHERE tenant_id = ? AND source = ? AND kind = ? AND external_id = ?"
            )
            let select = try db.cachedStatement(
                sql: """
                    SELECT id, updated_at, content_hash, needs_indexing FROM artifacts
                    WHERE tenant_id = ? AND source = ? AND kind = ? AND external_id = ?
                    """
            )
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO artifacts (tenant_id, source, kind, external_id, title, url, created_at, updated_at,
                        authors, tags, state, content, content_encoding, content_size, metadata, raw_payload,
                        raw_payload_encoding, raw_payload_size, content_hash, stored_at, needs_indexing)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                    """
            )
            let update = try db.cachedStatement(
                sql: """
                    UPDATE artifacts SET title = ?, url = ?, created_at = ?, updated_at = ?, authors = ?, tags = ?,
                        state = ?, content = ?, content_encoding = ?, content_size = ?, metadata = ?, raw_payload = ?,
                        raw_payload_encoding = ?, raw_payload_size = ?, content_hash = ?, stored_at = ?,
                        needs_indexing = 0
                    WHERE id = ?
                    """
            )
            for row in rows {
                let key: StatementArguments = [row.tenantID, row.source, row.kind, row.externalID]
                if let deletedAt = try Double.fetchOne(tombstone, arguments: key) {
                    // Deleted at the source: only a later version (a restore) comes back.
                    guard row.updatedAt > deletedAt else {
                        result.stale += 1
                        continue
                    }
                    try lift.execute(arguments: key)
                }
                let existing = try Row.fetchOne(select, arguments: key)
                guard let existing else {
                    try insert.execute(arguments: [
                        row.tenantID, row.source, row.kind, row.externalID, row.title, row.url, row.createdAt,
                        row.updatedAt, row.authors, row.tags, row.state, row.storedContent.value,
                        row.storedContent.encoding, row.storedContent.size, row.metadata, row.storedPayload,
                        row.payloadEncoding, row.rawPayload.count, row.contentHash, now,
                    ])
                    try SQLiteSearchIndex.index(
                        id: db.lastInsertedRowID,
                        title: row.title,
                        content: row.content,
                        in: db
                    )
                    result.inserted += 1
                    continue
                }
                let storedUpdatedAt: Double = existing["updated_at"]
                let storedHash: String = existing["content_hash"]
                if row.updatedAt < storedUpdatedAt {
                    result.stale += 1
                } else if row.contentHash == storedHash {
                    result.unchanged += 1
                } else {
                    let id: Int64 = existing["id"]
                    // The index holds the values it was given: take them out before they change.
                    if existing["needs_indexing"] as Int == 0 { try SQLiteSearchIndex.unindex(id: id, in: db) }
                    try update.execute(arguments: [
                        row.title, row.url, row.createdAt, row.updatedAt, row.authors, row.tags, row.state,
                        row.storedContent.value, row.storedContent.encoding, row.storedContent.size, row.metadata,
                        row.storedPayload, row.payloadEncoding, row.rawPayload.count, row.contentHash, now, id,
                    ])
                    try SQLiteSearchIndex.index(id: id, title: row.title, content: row.content, in: db)
                    result.updated += 1
                }
            }
            if let checkpoint = page.checkpoint {
                try SQLiteCheckpointStore.save(checkpoint(result), in: db)
            }
            if let update = page.syncState {
                try SQLiteSyncStateStore.apply(update, in: db)
            }
            return result
        }
    }

    /// Removes the artifacts (and their index entries) of `deletions` and keeps their tombstones, the
    /// latest deletion time winning. Returns how many stored artifacts were removed.
    static func delete(_ deletions: [Tombstone], in db: Database) throws -> Int {
        guard !deletions.isEmpty else { return 0 }
        let find = try db.cachedStatement(
            sql:
                "SELECT id, needs_indexing FROM artifacts WHERE tenant_id = ? AND source = ? AND kind = ? AND external_id = ?"
        )
        let remove = try db.cachedStatement(sql: "DELETE FROM artifacts WHERE id = ?")
        let keep = try db.cachedStatement(
            sql: """
                INSERT INTO tombstones (tenant_id, source, kind, external_id, deleted_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, source, kind, external_id)
                DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)
                """
        )
        var removed = 0
        for deletion in deletions {
            let key = deletion.key
            let arguments: StatementArguments = [
                key.tenantID.rawValue, key.source.rawValue, key.kind, key.externalID,
            ]
            if let found = try Row.fetchOne(find, arguments: arguments) {
                let id: Int64 = found["id"]
                if found["needs_indexing"] as Int == 0 { try SQLiteSearchIndex.unindex(id: id, in: db) }
                try remove.execute(arguments: [id])
                removed += 1
            }
            try keep.execute(arguments: arguments + [deletion.deletedAt.timeIntervalSince1970])
        }
        return removed
    }

    public func storedUpdatedAt(
        tenantID: TenantID,
        source: DocumentSource,
        kind: String,
        externalIDs: [String]
    ) async throws -> [String: Date] {
        try await database.pool.read { db in
            let select = try db.cachedStatement(
                sql:
                    "SELECT updated_at FROM artifacts WHERE tenant_id = ? AND source = ? AND kind = ? AND external_id = ?"
            )
            var found: [String: Date] = [:]
            for id in externalIDs {
                if let updatedAt = try Double.fetchOne(
                    select,
                    arguments: [tenantID.rawValue, source.rawValue, kind, id]
                ) {
                    found[id] = Date(timeIntervalSince1970: updatedAt)
                }
            }
            return found
        }
    }

    public func artifact(_ key: ArtifactKey) async throws -> Artifact? {
        try await database.pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM artifacts WHERE tenant_id = ? AND source = ? AND kind = ? AND external_id = ?",
                arguments: [key.tenantID.rawValue, key.source.rawValue, key.kind, key.externalID]
            ).map(ArtifactRow.artifact(from:))
        }
    }

    public func countArtifacts(tenantID: TenantID, source: DocumentSource) async throws -> Int {
        try await database.pool.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM artifacts WHERE tenant_id = ? AND source = ?",
                arguments: [tenantID.rawValue, source.rawValue]
            ) ?? 0
        }
    }

    public func forEachArtifact(
        tenantID: TenantID,
        source: DocumentSource,
        batchSize: Int,
        _ body: ([Artifact]) async throws -> Void
    ) async throws {
        var afterID: Int64 = 0
        while true {
            let (artifacts, lastID) = try await database.pool.read { [afterID] db in
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM artifacts WHERE tenant_id = ? AND source = ? AND id > ? ORDER BY id LIMIT ?",
                    arguments: [tenantID.rawValue, source.rawValue, afterID, batchSize]
                )
                return (try rows.map(ArtifactRow.artifact(from:)), rows.last.map { $0["id"] as Int64 })
            }
            guard let lastID else { return }
            try await body(artifacts)
            afterID = lastID
        }
    }
}

/// An artifact flattened to column values.
struct ArtifactRow: Sendable {
    var tenantID, source, kind, externalID, title: String
    var url: String?
    var createdAt, updatedAt: Double
    var authors, tags: String
    var state: String?
    var content, metadata: String
    /// ``content`` as the column holds it.
    var storedContent: StoredText.Column
    var rawPayload: Data
    /// ``rawPayload`` compressed, as the column holds it, and how.
    var storedPayload: Data
    var payloadEncoding: String
    var contentHash: String

    init(_ artifact: Artifact, compressor: ValueCompressor) throws {
        tenantID = artifact.tenantID.rawValue
        source = artifact.source.rawValue
        kind = artifact.kind
        externalID = artifact.externalID
        title = artifact.title
        url = artifact.url
        createdAt = artifact.createdAt.timeIntervalSince1970
        updatedAt = artifact.updatedAt.timeIntervalSince1970
        authors = ArtifactAuthor.columnJSON(artifact.authors)
        tags = JSONValue.array(artifact.tags.map(JSONValue.string)).canonicalString
        state = artifact.state
        content = artifact.content
        storedContent = try StoredText.column(for: artifact.content, compressor: compressor)
        metadata = JSONValue.object(artifact.metadata).canonicalString
        rawPayload = artifact.rawPayload
        storedPayload = try compressor.compress(artifact.rawPayload)
        payloadEncoding = compressor.encoding
        contentHash = artifact.contentHash
    }

    static func artifact(from row: Row) throws -> Artifact {
        let decoder = JSONDecoder()
        let authorsText: String = row["authors"]
        let tagsText: String = row["tags"]
        let metadataText: String = row["metadata"]
        let artifact = Artifact(
            tenantID: try TenantID(row["tenant_id"]),
            source: DocumentSource(row["source"]),
            kind: row["kind"],
            externalID: row["external_id"],
            title: row["title"],
            url: row["url"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
            authors: try decoder.decode([ArtifactAuthor].self, from: Data(authorsText.utf8)),
            tags: try decoder.decode([String].self, from: Data(tagsText.utf8)),
            state: row["state"],
            content: try StoredText.text(
                stored: row["content"],
                encoding: row["content_encoding"],
                size: row["content_size"]
            ),
            metadata: try decoder.decode([String: JSONValue].self, from: Data(metadataText.utf8)),
            rawPayload: try PayloadCompression.payload(
                stored: row["raw_payload"],
                encoding: row["raw_payload_encoding"],
                size: row["raw_payload_size"]
            )
        )
        return artifact
    }
}
