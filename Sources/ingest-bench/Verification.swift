import FakeIntercom
import Foundation
import GRDB
import IngestSQLite
import PostgresNIO

/// Correctness at speed: what the run stored must match the workspace, conversation by conversation.
enum Verification {
    struct Outcome: Sendable {
        var artifacts: Int
        var expectedArtifacts: Int
        var parts: Int
        var expectedParts: Int
        var indexed: Int
        var problems: [String]

        var passed: Bool { problems.isEmpty }
    }

    /// One stored conversation as the check reads it.
    struct StoredRow: Sendable {
        var id: String
        var parts: Int
        var headings: Int
    }

    /// Where the run stored its artifacts.
    enum Store: Sendable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    /// Checks that the tenant has exactly `conversations` artifacts, each a conversation of the
    /// workspace stored once, whose `part_count` and transcript hold every part the API returns
    /// (the newest 500), and that every artifact is in the search index. Conversations of `touched`
    /// (ids) must hold the part a touch added; those of `deleted` must be gone.
    static func check(
        store: Store,
        tenant: String,
        workspace: Workspace,
        conversations: Int,
        touched: Set<String> = [],
        deleted: Set<String> = []
    ) async throws -> Outcome {
        let (rows, indexed) =
            switch store {
            case .sqlite(let path): try await sqliteRows(databasePath: path, tenant: tenant)
            case .postgres(let url): try await postgresRows(url: url, tenant: tenant)
            }
        return check(
            rows: rows,
            indexed: indexed,
            workspace: workspace,
            conversations: conversations,
            touched: touched,
            deleted: deleted
        )
    }

    // "— " opens a part's heading line in the transcript (the opening message has one too).
    private static func sqliteRows(databasePath: String, tenant: String) async throws -> ([StoredRow], Int) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { SQLiteDatabase.addFunctions(to: $0) }
        let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
        let rows = try await queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.external_id,
                        CAST(json_extract(a.metadata, '$.part_count') AS INTEGER) AS part_count,
                        (length(t.content) - length(replace(t.content, char(10) || '— ', ''))) / 3
                            + (CASE WHEN substr(t.content, 1, 2) = '— ' THEN 1 ELSE 0 END) AS headings
                    FROM artifacts a JOIN artifacts_text t ON t.id = a.id
                    WHERE a.tenant_id = ? AND a.source = 'intercom'
                    """,
                arguments: [tenant]
            ).map { row in
                StoredRow(id: row["external_id"], parts: row["part_count"], headings: row["headings"])
            }
        }
        let indexed = try await queue.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM artifacts_fts_docsize WHERE id IN
                        (SELECT id FROM artifacts WHERE tenant_id = ? AND source = 'intercom')
                    """,
                arguments: [tenant]
            ) ?? 0
        }
        return (rows, indexed)
    }

    private static func postgresRows(url: String, tenant: String) async throws -> ([StoredRow], Int) {
        try await PostgresServer.withClient(url: url) { client in
            let rows = try await client.query(
                """
                SELECT external_id, (metadata::jsonb ->> 'part_count')::int8,
                    ((length(content) - length(replace(content, chr(10) || '— ', ''))) / 3
                        + (CASE WHEN left(content, 2) = '— ' THEN 1 ELSE 0 END))::int8
                FROM artifacts WHERE tenant_id = \(tenant) AND source = 'intercom'
                """
            ).collect().map { row in
                let (id, parts, headings) = try row.decode((String, Int, Int).self)
                return StoredRow(id: id, parts: parts, headings: headings)
            }
            // Indexed: the stored tsvector is current (the store computes it with the row).
            let indexed =
                try await client.query(
                    """
                    SELECT count(*)::int8 FROM artifacts WHERE tenant_id = \(tenant) AND source = 'intercom'
                        AND NOT needs_indexing AND search_vector IS NOT NULL
                    """
                ).collect().first?.decode(Int.self) ?? 0
            return (rows, indexed)
        }
    }

    static func check(
        rows: [StoredRow],
        indexed: Int,
        workspace: Workspace,
        conversations: Int,
        touched: Set<String>,
        deleted: Set<String>
    ) -> Outcome {
        var problems: [String] = []
        var seen = Set<String>()
        var parts = 0
        var expectedParts = 0
        for row in rows {
            guard seen.insert(row.id).inserted else {
                problems.append("conversation \(row.id) is stored more than once")
                continue
            }
            guard let number = Int(row.id), case let index = number - workspace.spec.firstConversationID,
                (0..<workspace.count).contains(index)
            else {
                problems.append("conversation \(row.id) is not in the workspace")
                continue
            }
            if deleted.contains(row.id) {
                problems.append("conversation \(row.id) was deleted at the source but is still stored")
                continue
            }
            let added = touched.contains(row.id) ? 1 : 0
            let expected = min(workspace.conversation(at: index).parts.count + added, 500)
            expectedParts += expected
            parts += row.parts
            if row.parts != expected {
                problems.append("conversation \(row.id) has \(row.parts) parts stored, the workspace \(expected)")
            }
            if row.headings != expected + 1 {
                problems.append("conversation \(row.id)'s transcript holds \(row.headings - 1) parts of \(expected)")
            }
            if problems.count > 20 { break }
        }
        if rows.count != conversations {
            problems.insert("\(rows.count) conversations stored, \(conversations) expected", at: 0)
        }
        if indexed != rows.count {
            problems.append("\(indexed) of \(rows.count) conversations are in the search index")
        }
        return Outcome(
            artifacts: rows.count,
            expectedArtifacts: conversations,
            parts: parts,
            expectedParts: expectedParts,
            indexed: indexed,
            problems: problems
        )
    }
}
