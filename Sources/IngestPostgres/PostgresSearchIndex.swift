import Foundation
public import IngestCore
import PostgresNIO

/// The PostgreSQL ``SearchIndex``: a `tsvector` column on `artifacts` with a GIN index, ranked by
/// `ts_rank_cd` with the title weighted above the content, every query scoped to one tenant. The
/// ``PostgresArtifactStore`` computes the `tsvector` in the upsert that writes the row, so
/// ``triggerIndexing(tenantID:source:)`` only indexes rows left marked (written by an older version);
/// a query ranks at most ``defaultCandidateLimit`` matches, the tenant's newest.
///
/// Text is indexed with the `english` configuration (so `charged` finds `charge`) after folding
/// diacritics (``DiacriticFold``, computed by the store; ``folded(_:)`` in SQL for rows left waiting);
/// what users type is folded the same way and goes through ``SearchQuery`` and `websearch_to_tsquery`,
/// which never raises on any input. When nothing has every term and there were
/// several, the search falls back to any term, as the SQLite index does.
public struct PostgresSearchIndex: SearchIndex {
    let database: PostgresDatabase
    /// Artifacts indexed per statement.
    let batchSize = 500
    /// Characters of content indexed per artifact: a `tsvector` holds at most 1 MB of lexemes.
    static let indexedContentLength: Int32 = 200_000
    /// The `tsvector` of an artifact `a`: its title (weight A) and content (weight B), folded.
    static let searchVector = searchVector(of: "a")

    /// The `tsvector` of the value list `alias` of the store's upsert: its `title` and `content` as the
    /// index reads them, `folded_title` and `folded_content` (``ArtifactColumns``; null where that is the
    /// column itself). The same vector as ``searchVector(of:)``, without PostgreSQL folding or cutting.
    static func foldedSearchVector(of alias: String) -> String {
        searchVector(
            title: "coalesce(\(alias).folded_title, \(alias).title)",
            content: "coalesce(\(alias).folded_content, \(alias).content)"
        )
    }

    /// The `tsvector` of the SQL expressions `title` and `content`, already folded and cut to what is
    /// indexed: the title weighted A, the content B.
    static func searchVector(title: String, content: String) -> String {
        "setweight(to_tsvector('english', \(title)), 'A') || setweight(to_tsvector('english', \(content)), 'B')"
    }

    /// The `tsvector` of the row or value list `alias` with `title` and `content` columns, folded in SQL.
    static func searchVector(of alias: String) -> String {
        searchVector(
            title: folded("\(alias).title"),
            content: folded("left(\(alias).content, \(indexedContentLength))")
        )
    }

    /// Rows the `recent` way of finding candidates reads at most (see
    /// ``searchQuery(tenantID:source:expression:locate:hasPhrase:limit:candidateLimit:)``).
    static let recentWindow: Int32 = 2_000
    /// The content `ts_headline` reads, in characters: a window from `snippetLead` before the first
    /// place the query's first word is written (as typed, else in any case), else the start.
    /// `ts_headline` parses and stems all it is given, about 9 ms for a 30,000-character
    /// conversation; the window makes it a fraction of a millisecond.
    static let snippetWindow: Int32 = 600
    static let snippetLead: Int32 = 200
    /// `ts_headline` options: one fragment of 8 to 24 words, matches in `[` `]`.
    static let headlineOptions = "StartSel=[, StopSel=], MaxFragments=1, MaxWords=24, MinWords=8"

    /// SQL that folds the diacritics of `expression` (`crème` → `creme`), as SQLite's `remove_diacritics 2`
    /// does, with no extension: decompose (NFD, PostgreSQL 13+ with a UTF-8 database), then drop the
    /// combining marks. Indexing and searching both fold, so either spelling finds the other. The store
    /// and search fold in Swift (``DiacriticFold``, the same result); this folds rows an older version
    /// left waiting for ``triggerIndexing(tenantID:source:)``.
    static func folded(_ expression: String) -> String {
        "regexp_replace(normalize(\(expression), NFD), '[\\u0300-\\u036f]', '', 'g')"
    }

    /// Matches ranked per query at most: the tenant's newest (see
    /// ``searchQuery(tenantID:source:expression:locate:hasPhrase:limit:candidateLimit:)``).
    let candidateLimit: Int
    /// The default ``candidateLimit``: 500, as SQLite's: PostgreSQL reads each candidate's whole `tsvector` twice (to match it
    /// in id order and to rank it), about 20 µs a candidate over 100,000 conversations.
    public static let defaultCandidateLimit = 500

    /// The index on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    /// A query ranks at most `candidateLimit` of its matches, the tenant's newest.
    public init(database: PostgresDatabase, candidateLimit: Int = defaultCandidateLimit) {
        self.database = database
        self.candidateLimit = max(candidateLimit, 1)
    }

    @discardableResult
    public func triggerIndexing(tenantID: TenantID, source: DocumentSource) async throws -> Int {
        var total = 0
        while true {
            // Rows a concurrent batch holds are skipped; they stay marked and the next trigger takes them.
            let rows = try await database.query(
                """
                WITH pending AS (
                    SELECT id FROM artifacts
                    WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue) AND needs_indexing
                    ORDER BY id LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE artifacts a SET
                    search_vector = \(unescaped: Self.searchVector),
                    needs_indexing = false
                FROM pending WHERE a.id = pending.id
                RETURNING a.id
                """,
                doing: "index artifacts"
            )
            total += rows.count
            if rows.count < batchSize { return total }
        }
    }

    public func search(
        tenantID: TenantID,
        query: String,
        limit: Int,
        source: DocumentSource?
    ) async throws -> [SearchHit] {
        let parsed = SearchQuery(query)
        guard !parsed.isEmpty, limit > 0 else { return [] }
        let limit = min(limit, 1_000)
        let hits = try await hits(
            tenantID: tenantID,
            source: source,
            expression: parsed.allExpression,
            locate: parsed.snippetAnchor,
            hasPhrase: parsed.hasPhrase,
            limit: limit
        )
        // Nothing has every term: fall back to any term, still ranked.
        if hits.isEmpty && parsed.terms.count > 1 {
            return try await self.hits(
                tenantID: tenantID,
                source: source,
                expression: parsed.anyExpression,
                locate: parsed.snippetAnchor,
                hasPhrase: parsed.hasPhrase,
                limit: limit
            )
        }
        return hits
    }

    private func hits(
        tenantID: TenantID,
        source: DocumentSource?,
        expression: String,
        locate: String,
        hasPhrase: Bool,
        limit: Int
    ) async throws -> [SearchHit] {
        let candidateLimit = candidateLimit
        func query(_ candidates: Candidates) -> PostgresQuery {
            Self.searchQuery(
                tenantID: tenantID,
                source: source,
                expression: expression,
                locate: locate,
                hasPhrase: hasPhrase,
                limit: limit,
                candidateLimit: candidateLimit,
                candidates: candidates
            )
        }
        let logger = database.logger
        return try await database.transaction(doing: "search artifacts") { connection in
            // Matching a row read from the table reads its whole tsvector (about 9 µs); the GIN index
            // answers without. The planner does not know that and reads every row for a word in a
            // fifth of them: in this statement it may not (the walk reads its rows by id).
            try await connection.rows("SET LOCAL enable_seqscan = off", logger: logger)
            var candidates = Candidates.index(fromID: 0)
            if !hasPhrase {
                let sample = try await connection.rows(
                    Self.sampleQuery(tenantID: tenantID, source: source, expression: expression),
                    logger: logger
                )
                var (matched, sampled, lowest, highest): (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
                if let row = sample.first {
                    (matched, sampled, lowest, highest) = try row.decode((Int64, Int64, Int64, Int64).self)
                }
                candidates = Self.candidates(
                    matched: Int(matched),
                    sampled: Int(sampled),
                    lowestID: lowest,
                    highestID: highest,
                    candidateLimit: candidateLimit
                )
            }
            if case .index = candidates {
                // The index's matches within an id range: a BitmapAnd of the GIN index and the primary
                // key, which the planner would otherwise trade for a walk of the range reading every
                // row's tsvector.
                try await connection.rows("SET LOCAL enable_indexscan = off", logger: logger)
            }
            let found = try Self.decode(try await connection.rows(query(candidates), logger: logger))
            // Fewer matches in the range than the limit: the newest ones go further back.
            if case .index(let fromID) = candidates, fromID > 0, found.count < candidateLimit {
                return try Self.decode(try await connection.rows(query(.index(fromID: 0)), logger: logger)).hits
            }
            return found.hits
        }
    }

    /// The hits of a search statement's rows, and how many candidates it ranked.
    static func decode(_ rows: [PostgresRow]) throws -> (hits: [SearchHit], count: Int) {
        var count = 0
        let hits = try rows.map { row in
            let (candidates, source, kind, externalID, title, url, snippet, score) = try row.decode(
                (Int64, String, String, String, String, String?, String?, Double).self
            )
            count = Int(candidates)
            return SearchHit(
                source: DocumentSource(source),
                kind: kind,
                externalID: externalID,
                title: title,
                url: url,
                snippet: snippet ?? "",
                score: score
            )
        }
        return (hits, count)
    }

    /// How a search statement finds its candidates, the tenant's newest `candidateLimit` matches.
    enum Candidates: Equatable, Sendable {
        /// The tenant's newest `recentWindow` rows, newest first, until enough match (then the index if
        /// fewer did): cheap for a word in a quarter of the rows or more.
        case walk
        /// The GIN index's matches with an id of at least `fromID` (0: all of them), newest first.
        case index(fromID: Int64)
    }

    /// Rows of the tenant's newest that ``sampleQuery(tenantID:source:expression:)`` tests.
    static let sampleSize = 200

    /// How common the query is among the tenant's newest ``sampleSize`` rows: (matching, rows, lowest
    /// id, highest id).
    static func sampleQuery(tenantID: TenantID, source: DocumentSource?, expression: String) -> PostgresQuery {
        let only = source?.rawValue ?? ""
        let size = Int32(sampleSize)
        let folded = DiacriticFold.query(expression)
        return """
            SELECT (count(*) FILTER (WHERE s.search_vector @@ websearch_to_tsquery('english', \(folded))))::int8,
                count(*)::int8, coalesce(min(s.id), 0)::int8, coalesce(max(s.id), 0)::int8
            FROM (
                SELECT a.id, a.search_vector FROM artifacts a
                WHERE a.tenant_id = \(tenantID.rawValue) AND (\(only) = '' OR a.source = \(only))
                ORDER BY a.id DESC
                LIMIT \(size)
            ) s
            """
    }

    /// Where to look for the candidates, from how many of the tenant's newest `sampled` rows (ids
    /// `lowestID` to `highestID`) matched: a common word walks the newest rows; a rarer one reads
    /// the index over the id range that should hold `candidateLimit` matches at that rate (with half
    /// as many again to spare); a word none matched reads the whole index.
    static func candidates(
        matched: Int,
        sampled: Int,
        lowestID: Int64,
        highestID: Int64,
        candidateLimit: Int
    ) -> Candidates {
        guard matched > 0, sampled > 0 else { return .index(fromID: 0) }
        if matched * 4 >= sampled { return .walk }
        // The tenant has no more rows than were sampled: its matches are all there are.
        guard sampled >= sampleSize, highestID > lowestID else { return .index(fromID: 0) }
        let rows = Double(candidateLimit) * Double(sampled) / Double(matched) * 1.5
        let idsPerRow = Double(highestID - lowestID) / Double(sampled - 1)
        let span = (rows * idsPerRow).rounded(.up)
        guard span < Double(highestID) else { return .index(fromID: 0) }
        return .index(fromID: highestID - Int64(span))
    }

    /// The search statement: the tenant's newest `candidateLimit` matches, then only those ranked by
    /// `ts_rank_cd`, then a headline for the `limit` best; its first column is how many candidates it
    /// ranked. Ranking and matching a row read its whole `tsvector`, so the candidates are found in
    /// one of two ways (`way`, chosen by ``candidates(matched:sampled:lowestID:highestID:candidateLimit:)``;
    /// by default a walk, or the whole index for a phrase):
    /// - `recent` (``Candidates/walk``): the tenant's newest `recentWindow` rows, newest first, until
    ///   `candidateLimit` match — a common word stops after a few more rows than it needs;
    /// - `rare`, only when `recent` found fewer: the GIN index (`artifacts_search`) from an id on
    ///   (``Candidates/index(fromID:)``), whose cost grows with the matches it reads; the statement
    ///   runs with sequential scans off, so the index is read rather than every row (and, for a range,
    ///   with index scans off, so the range is a bitmap ANDed with the index's). Its sort key (`id + 0`)
    ///   keeps the planner from walking the primary key instead, which it would for two common words it
    ///   takes to occur together and that never do (a walk of every row).
    /// Either way the candidates are the tenant's newest matches (the caller widens a range that held
    /// fewer than `candidateLimit`).
    static func searchQuery(
        tenantID: TenantID,
        source: DocumentSource?,
        expression: String,
        locate: String = "",
        hasPhrase: Bool = false,
        limit: Int,
        candidateLimit: Int,
        candidates way: Candidates? = nil
    ) -> PostgresQuery {
        // The empty string stands for every source (no source is empty).
        let only = source?.rawValue ?? ""
        let candidates = Int32(clamping: candidateLimit)
        // A phrase is rare, and matching it on a row read from the table costs more than a word (its
        // positions): it goes to the index at once.
        let way = way ?? (hasPhrase ? .index(fromID: 0) : .walk)
        let recentRows: Int32 = way == .walk ? Self.recentWindow : 0
        let fromID: Int64 = if case .index(let fromID) = way { fromID } else { 0 }
        let folded = DiacriticFold.query(expression)
        // `query` (folded as the index is) matches; `literal` adds the unfolded spelling for ts_headline, which
        // reads the stored (unfolded) text. A snippet comes from the content when the content matched,
        // else from the title, as SQLite's snippet picks the best column.
        // The candidates' conditions hold the query itself, not a reference to `q`: a value the
        // planner knows lets it use the GIN index (a CTE's column is only known when the plan runs).
        return """
            WITH q AS MATERIALIZED (
                SELECT websearch_to_tsquery('english', \(folded)) AS query,
                    websearch_to_tsquery('english', \(expression)) AS literal
            ), recent AS MATERIALIZED (
                SELECT r.id FROM (
                    SELECT a.id, a.search_vector FROM artifacts a
                    WHERE a.tenant_id = \(tenantID.rawValue) AND (\(only) = '' OR a.source = \(only))
                    ORDER BY a.id DESC
                    LIMIT \(recentRows)
                ) r
                WHERE r.search_vector @@ websearch_to_tsquery('english', \(folded))
                LIMIT \(candidates)
            ), rare AS MATERIALIZED (
                SELECT a.id FROM artifacts a
                WHERE (SELECT count(*) FROM recent) < \(candidates)
                    AND a.tenant_id = \(tenantID.rawValue)
                    AND a.search_vector @@ websearch_to_tsquery('english', \(folded))
                    AND (\(only) = '' OR a.source = \(only)) AND a.id >= \(fromID)
                ORDER BY a.id + 0 DESC
                LIMIT \(candidates)
            ), candidates AS (
                SELECT id FROM recent WHERE (SELECT count(*) FROM recent) >= \(candidates)
                UNION ALL
                SELECT id FROM rare
            ), hits AS (
                SELECT a.id, a.source, a.kind, a.external_id, a.title, a.url, a.content, a.search_vector,
                    ts_rank_cd(a.search_vector, q.query)::float8 AS score
                FROM candidates c JOIN artifacts a ON a.id = c.id, q
                ORDER BY score DESC, a.id
                LIMIT \(limit)
            )
            SELECT (SELECT count(*) FROM candidates)::int8, h.source, h.kind, h.external_id, h.title, h.url,
                CASE WHEN ts_filter(h.search_vector, '{b}') @@ q.query
                    THEN ts_headline('english',
                        substr(h.content, greatest(coalesce(nullif(strpos(h.content, \(locate)), 0),
                            nullif(strpos(lower(h.content), lower(\(locate))), 0), 1)
                            - \(Self.snippetLead), 1), \(Self.snippetWindow)),
                        q.query || q.literal, \(Self.headlineOptions))
                    ELSE ts_headline('english', h.title, q.query || q.literal, \(Self.headlineOptions))
                END AS snippet,
                h.score
            FROM hits h, q
            ORDER BY h.score DESC, h.id
            """
    }
}
