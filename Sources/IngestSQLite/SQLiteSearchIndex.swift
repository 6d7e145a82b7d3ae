import Foundation
import GRDB
public import IngestCore

/// The embedded ``SearchIndex``: SQLite FTS5 with bm25 ranking (title weighted above content; see
/// ``SearchRank``) and snippets, every query joined to the artifacts of one tenant.
///
/// Ranking costs a few microseconds per match, so a common word over a large tenant would spend tens
/// of milliseconds ranking matches nobody reads. Like search engines that stop early, a query ranks a
/// bounded candidate set: the tenant's ``candidateLimit`` newest matches, by when each artifact was
/// first stored (the index walks its matches newest first, which is cheap: about a microsecond a
/// match, the tenant check included). A query with fewer matches — phrases, rare words — ranks them
/// all. The default, 500, is PostgreSQL's too.
public struct SQLiteSearchIndex: SearchIndex {
    let database: SQLiteDatabase
    /// Artifacts indexed per transaction.
    let batchSize = 500
    /// Most matches a query ranks.
    public let candidateLimit: Int

    public init(database: SQLiteDatabase, candidateLimit: Int = 500) {
        self.database = database
        self.candidateLimit = max(1, candidateLimit)
    }

    /// Indexes the artifacts an older version of the store left waiting (`needs_indexing = 1`: before
    /// schema v5 the store wrote and this indexed). The store now indexes what it writes in the same
    /// transaction, so on a current database this finds nothing and returns 0.
    @discardableResult
    public func triggerIndexing(tenantID: TenantID, source: DocumentSource) async throws -> Int {
        var total = 0
        while true {
            let indexed = try await database.pool.write { [batchSize] db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT t.id, t.title, t.content FROM artifacts a JOIN artifacts_text t ON t.id = a.id
                        WHERE a.tenant_id = ? AND a.source = ? AND a.needs_indexing = 1 LIMIT ?
                        """,
                    arguments: [tenantID.rawValue, source.rawValue, batchSize]
                )
                // An artifact waiting to be indexed is not in the index (it was taken out, with the
                // values it was indexed with, before it changed).
                let mark = try db.cachedStatement(sql: "UPDATE artifacts SET needs_indexing = 0 WHERE id = ?")
                for row in rows {
                    let id: Int64 = row["id"]
                    try Self.index(id: id, title: row["title"], content: row["content"], in: db)
                    try mark.execute(arguments: [id])
                }
                return rows.count
            }
            total += indexed
            if indexed < batchSize { return total }
        }
    }

    /// Adds artifact `id` to the index with its title and content (the text the store was given; the
    /// row holds it compressed).
    ///
    /// - Precondition: the artifact is not in the index.
    static func index(id: Int64, title: String, content: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO artifacts_fts (rowid, title, content) VALUES (?, ?, ?)")
            .execute(arguments: [id, title, content])
    }

    /// Takes artifact `id` out of the index, with the title and content it was indexed with (still
    /// the artifact's own, read through the `artifacts_text` view: the index refers to the artifacts
    /// table instead of holding a copy).
    ///
    /// - Precondition: the artifact is indexed (`needs_indexing = 0`) and unchanged since.
    static func unindex(id: Int64, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO artifacts_fts (artifacts_fts, rowid, title, content)
                SELECT 'delete', id, title, content FROM artifacts_text WHERE id = ?
                """
        ).execute(arguments: [id])
    }

    /// Artifacts in the index (the index's own count: a count of the index table itself would read
    /// the artifacts table it refers to).
    static func indexedCount(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts_fts_docsize") ?? 0
    }

    public func search(
        tenantID: TenantID,
        query: String,
        limit: Int,
        source: DocumentSource?
    ) async throws -> [SearchHit] {
        let parsed = FTSQuery(query)
        guard !parsed.isEmpty, limit > 0 else { return [] }
        let limit = min(limit, 1_000)
        return try await database.pool.read { db in
            let hits = try Self.hits(
                db,
                tenantID: tenantID,
                source: source,
                expression: parsed.allExpression,
                limit: limit,
                candidates: candidateLimit
            )
            // Nothing has every word: fall back to any word, still ranked by bm25.
            if hits.isEmpty && parsed.terms.count > 1 {
                return try Self.hits(
                    db,
                    tenantID: tenantID,
                    source: source,
                    expression: parsed.anyExpression,
                    limit: limit,
                    candidates: candidateLimit
                )
            }
            return hits
        }
    }

    /// Ranks the tenant's newest `candidates` matches in one walk of the index, newest first (FTS5
    /// reads its posting lists in rowid order, the small `artifacts_id_tenant` index says whose each
    /// match is, and bm25 is computed for the candidates only), then reads the artifact rows and
    /// snippets of just the top `limit`.
    private static func hits(
        _ db: Database,
        tenantID: TenantID,
        source: DocumentSource?,
        expression: String,
        limit: Int,
        candidates: Int
    ) throws -> [SearchHit] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH candidates AS (
                    SELECT f.rowid AS id, ingest_rank(artifacts_fts, 4.0, 1.0) AS rank
                    FROM artifacts_fts f JOIN artifacts a INDEXED BY artifacts_id_tenant ON a.id = f.rowid
                    WHERE artifacts_fts MATCH ?1 AND a.tenant_id = ?2 AND (?4 IS NULL OR a.source = ?4)
                    ORDER BY f.rowid DESC LIMIT ?5
                ),
                top AS (SELECT id, rank FROM candidates ORDER BY rank LIMIT ?3)
                SELECT a.source, a.kind, a.external_id, a.title, a.url,
                    snippet(artifacts_fts, -1, '[', ']', '…', 24) AS snippet, top.rank AS rank
                FROM top
                JOIN artifacts_fts ON artifacts_fts.rowid = top.id
                JOIN artifacts a ON a.id = top.id
                WHERE artifacts_fts MATCH ?1 AND a.tenant_id = ?2
                ORDER BY top.rank
                """,
            arguments: [expression, tenantID.rawValue, limit, source?.rawValue, candidates]
        )
        return rows.map { row in
            SearchHit(
                source: DocumentSource(row["source"]),
                kind: row["kind"],
                externalID: row["external_id"],
                title: row["title"],
                url: row["url"],
                snippet: row["snippet"] ?? "",
                score: -(row["rank"] as Double? ?? 0)
            )
        }
    }
}
