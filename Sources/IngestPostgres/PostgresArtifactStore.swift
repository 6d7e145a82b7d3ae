public import Foundation
public import IngestCore
import Logging
import PostgresNIO

/// The PostgreSQL ``ArtifactStore``: upserts with the design's rules, each batch and its checkpoint in
/// one transaction. Each row's `tsvector` is written by the upsert that writes the row, so an artifact
/// is searchable when its batch commits and no second write (whose dead row versions an index scan for
/// pending rows would walk again and again) follows.
///
/// A batch costs a fixed number of statements whatever its size: one `SELECT … FOR UPDATE` of the rows
/// it touches, one multi-row `INSERT … ON CONFLICT DO UPDATE` per 1,000 written artifacts, and the
/// checkpoint. Text is stored without NUL characters, which PostgreSQL cannot hold.
///
/// The store prepares pages (``prepareArtifacts(_:)``): one more statement, outside the transaction,
/// computes the vectors — most of PostgreSQL's work on a page — on a connection of its own while
/// earlier pages are being stored, and the upsert binds them; a row without a prepared vector has it
/// computed by the upsert. So one page's transaction does not hold the pages after it back.
public struct PostgresArtifactStore: ArtifactStore {
    let database: PostgresDatabase
    /// Artifacts per `INSERT` statement (18 bound values each, under PostgreSQL's 65,535).
    static let rowsPerStatement = 1_000

    /// A store on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func storePage(_ page: PageWrite) async throws -> BatchStoreResult {
        let storedAt = Date()
        let rows = try PreparedRows.rows(of: page.artifacts, prepared: page.prepared)
        let logger = database.logger
        let result = try await database.transaction(doing: "store a batch of artifacts") { connection in
            var result = BatchStoreResult()
            result.deleted = try await Self.delete(page.deletions, on: connection, logger: logger)
            var versions = try await Self.lockStoredVersions(of: rows, on: connection, logger: logger)
            var tombstones = try await Self.tombstones(of: rows, on: connection, logger: logger)
            var lifted: [ArtifactColumns.Key] = []
            var writes: [ArtifactColumns.Key: ArtifactColumns] = [:]
            var writeOrder: [ArtifactColumns.Key] = []
            // Decide row by row, as if the batch were written one artifact at a time.
            for row in rows {
                let key = row.key
                let version = ArtifactColumns.Version(
                    updatedAt: row.updatedAtMicroseconds,
                    contentHash: row.contentHash
                )
                if let deletedAt = tombstones[key] {
                    // Deleted at the source: only a later version (a restore) comes back.
                    guard version.updatedAt > deletedAt else {
                        result.stale += 1
                        continue
                    }
                    tombstones[key] = nil
                    lifted.append(key)
                }
                if let stored = versions[key] {
                    if version.updatedAt < stored.updatedAt {
                        result.stale += 1
                        continue
                    }
                    if version.contentHash == stored.contentHash {
                        result.unchanged += 1
                        continue
                    }
                    result.updated += 1
                } else {
                    result.inserted += 1
                }
                versions[key] = version
                if writes.updateValue(row, forKey: key) == nil { writeOrder.append(key) }
            }
            let pending = writeOrder.compactMap { writes[$0] }
            var start = 0
            while start < pending.count {
                let end = min(start + Self.rowsPerStatement, pending.count)
                try await connection.rows(try Self.upsert(pending[start..<end], storedAt: storedAt), logger: logger)
                start = end
            }
            if !lifted.isEmpty {
                try await connection.rows(
                    """
                    DELETE FROM tombstones WHERE (tenant_id, source, kind, external_id) IN (
                        SELECT * FROM unnest(\(lifted.map(\.tenantID))::text[], \(lifted.map(\.source))::text[],
                            \(lifted.map(\.kind))::text[], \(lifted.map(\.externalID))::text[]))
                    """,
                    logger: logger
                )
            }
            if let checkpoint = page.checkpoint {
                try await PostgresCheckpointStore.save(checkpoint(result), on: connection, logger: logger)
            }
            if let update = page.syncState {
                try await PostgresSyncStateStore.apply(update, on: connection, logger: logger)
            }
            return result
        }
        if result.inserted > 0 { await database.plannerStatistics.ensureCollected(on: database) }
        return result
    }

    /// Removes the artifacts of `deletions` (their `tsvector` goes with the row) and keeps their
    /// tombstones, the latest deletion time winning. Returns how many stored artifacts were removed.
    private static func delete(
        _ deletions: [Tombstone],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        guard !deletions.isEmpty else { return 0 }
        let keys = deletions.map(\.key)
        let tenants = keys.map(\.tenantID.rawValue)
        let sources = keys.map(\.source.rawValue)
        let kinds = keys.map(\.kind)
        let ids = keys.map { PostgresValues.text($0.externalID) }
        let removed = try await connection.rows(
            """
            DELETE FROM artifacts WHERE (tenant_id, source, kind, external_id) IN (
                SELECT * FROM unnest(\(tenants)::text[], \(sources)::text[], \(kinds)::text[], \(ids)::text[]))
            RETURNING id
            """,
            logger: logger
        )
        try await connection.rows(
            """
            INSERT INTO tombstones (tenant_id, source, kind, external_id, deleted_at)
            SELECT t, s, k, e, max(d) FROM unnest(\(tenants)::text[], \(sources)::text[], \(kinds)::text[],
                \(ids)::text[], \(deletions.map(\.deletedAt))::timestamptz[]) AS v (t, s, k, e, d)
            GROUP BY t, s, k, e
            ON CONFLICT (tenant_id, source, kind, external_id)
            DO UPDATE SET deleted_at = greatest(tombstones.deleted_at, excluded.deleted_at)
            """,
            logger: logger
        )
        return removed.count
    }

    /// The deletion times (microseconds) of the tombstones of the artifacts in `rows`.
    private static func tombstones(
        of rows: [ArtifactColumns],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ArtifactColumns.Key: Int64] {
        guard !rows.isEmpty else { return [:] }
        let stored = try await connection.rows(
            """
            SELECT tenant_id, source, kind, external_id, deleted_at FROM tombstones
            WHERE (tenant_id, source, kind, external_id) IN (
                SELECT * FROM unnest(\(rows.map(\.tenantID))::text[], \(rows.map(\.source))::text[],
                    \(rows.map(\.kind))::text[], \(rows.map(\.externalID))::text[])
            )
            FOR UPDATE
            """,
            logger: logger
        )
        var tombstones: [ArtifactColumns.Key: Int64] = [:]
        for row in stored {
            let (tenantID, source, kind, externalID, deletedAt) = try row.decode(
                (String, String, String, String, Date).self
            )
            tombstones[ArtifactColumns.Key(tenantID: tenantID, source: source, kind: kind, externalID: externalID)] =
                PostgresValues.microseconds(deletedAt)
        }
        return tombstones
    }

    public func storedUpdatedAt(
        tenantID: TenantID,
        source: DocumentSource,
        kind: String,
        externalIDs: [String]
    ) async throws -> [String: Date] {
        guard !externalIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            SELECT external_id, updated_at FROM artifacts
            WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue) AND kind = \(kind)
                AND external_id = ANY(\(externalIDs.map { PostgresValues.text($0) })::text[])
            """,
            doing: "read stored versions"
        )
        var found: [String: Date] = [:]
        for row in rows {
            let (id, updatedAt) = try row.decode((String, Date).self)
            found[id] = updatedAt
        }
        return found
    }

    public func artifact(_ key: ArtifactKey) async throws -> Artifact? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: ArtifactColumns.selectList) FROM artifacts
            WHERE tenant_id = \(key.tenantID.rawValue) AND source = \(key.source.rawValue) AND kind = \(key.kind)
                AND external_id = \(PostgresValues.text(key.externalID))
            """,
            doing: "read an artifact"
        )
        return try rows.first.map(ArtifactColumns.artifact(from:))
    }

    public func countArtifacts(tenantID: TenantID, source: DocumentSource) async throws -> Int {
        let rows = try await database.query(
            "SELECT count(*) FROM artifacts WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue)",
            doing: "count artifacts"
        )
        return try rows.first?.decode(Int.self) ?? 0
    }

    public func forEachArtifact(
        tenantID: TenantID,
        source: DocumentSource,
        batchSize: Int,
        _ body: ([Artifact]) async throws -> Void
    ) async throws {
        var afterID: Int64 = 0
        let batchSize = max(batchSize, 1)
        while true {
            let rows = try await database.query(
                """
                SELECT id, \(unescaped: ArtifactColumns.selectList) FROM artifacts
                WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue) AND id > \(afterID)
                ORDER BY id LIMIT \(batchSize)
                """,
                doing: "read artifacts for export"
            )
            guard let last = rows.last else { return }
            let artifacts = try rows.map(ArtifactColumns.artifact(from:))
            afterID = try last.makeRandomAccess()[0].decode(Int64.self)
            try await body(artifacts)
            if rows.count < batchSize { return }
        }
    }

    /// Locks the stored rows the batch touches and returns their versions.
    private static func lockStoredVersions(
        of rows: [ArtifactColumns],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ArtifactColumns.Key: ArtifactColumns.Version] {
        guard !rows.isEmpty else { return [:] }
        let stored = try await connection.rows(
            """
            SELECT tenant_id, source, kind, external_id, updated_at, content_hash FROM artifacts
            WHERE (tenant_id, source, kind, external_id) IN (
                SELECT * FROM unnest(\(rows.map(\.tenantID))::text[], \(rows.map(\.source))::text[],
                    \(rows.map(\.kind))::text[], \(rows.map(\.externalID))::text[])
            )
            ORDER BY id
            FOR UPDATE
            """,
            logger: logger
        )
        var versions: [ArtifactColumns.Key: ArtifactColumns.Version] = [:]
        for row in stored {
            let (tenantID, source, kind, externalID, updatedAt, contentHash) = try row.decode(
                (String, String, String, String, Date, String).self
            )
            versions[ArtifactColumns.Key(tenantID: tenantID, source: source, kind: kind, externalID: externalID)] =
                ArtifactColumns.Version(
                    updatedAt: PostgresValues.microseconds(updatedAt),
                    contentHash: contentHash
                )
        }
        return versions
    }

    /// One `INSERT … ON CONFLICT DO UPDATE` for `rows`; a row's vector is computed by the statement unless
    /// it was prepared (`coalesce` reads the texts only when it was not). The conflict clause repeats the
    /// upsert rules, so a concurrent writer that inserted the same artifact first cannot be overwritten
    /// by older data.
    private static func upsert(_ rows: ArraySlice<ArtifactColumns>, storedAt: Date) throws -> PostgresQuery {
        var values = PostgresQuery.StringInterpolation(
            literalCapacity: 1_024 + rows.count * 64,
            interpolationCount: 1 + rows.count * 18
        )
        values.appendLiteral(
            """
            INSERT INTO artifacts (tenant_id, source, kind, external_id, title, url, created_at, updated_at,
                authors, tags, state, content, metadata, raw_payload, content_hash, stored_at, search_vector,
                needs_indexing)
            SELECT v.tenant_id, v.source, v.kind, v.external_id, v.title, v.url, v.created_at, v.updated_at,
                v.authors, v.tags, v.state, v.content, v.metadata, v.raw_payload, v.content_hash,
            """
        )
        values.appendLiteral(" ")
        values.appendInterpolation(storedAt)
        values.appendLiteral(
            ", coalesce(v.search_vector, " + PostgresSearchIndex.foldedSearchVector(of: "v") + "), false FROM (VALUES "
        )
        for (index, row) in rows.enumerated() {
            if index > 0 { values.appendLiteral(", ") }
            try row.appendValues(to: &values)
        }
        values.appendLiteral(
            """
            ) AS v (tenant_id, source, kind, external_id, title, url, created_at, updated_at, authors, tags, state,
                content, metadata, raw_payload, content_hash, folded_title, folded_content, search_vector)
            ON CONFLICT (tenant_id, source, kind, external_id) DO UPDATE SET
                title = excluded.title, url = excluded.url, created_at = excluded.created_at,
                updated_at = excluded.updated_at, authors = excluded.authors, tags = excluded.tags,
                state = excluded.state, content = excluded.content, metadata = excluded.metadata,
                raw_payload = excluded.raw_payload, content_hash = excluded.content_hash,
                stored_at = excluded.stored_at, search_vector = excluded.search_vector, needs_indexing = false
            WHERE artifacts.updated_at <= excluded.updated_at AND artifacts.content_hash <> excluded.content_hash
            """
        )
        return PostgresQuery(stringInterpolation: values)
    }
}
