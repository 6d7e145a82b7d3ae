import FakeIntercom
import Foundation
import GRDB

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

    /// Checks that the tenant has exactly `conversations` artifacts, each a conversation of the
    /// workspace stored once, whose `part_count` and transcript hold every part the API returns
    /// (the newest 500), and that every artifact is in the search index.
    static func check(
        databasePath: String,
        tenant: String,
        workspace: Workspace,
        conversations: Int
    ) async throws -> Outcome {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
        // "— " opens a part's heading line in the transcript (the opening message has one too).
        let rows = try await queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT external_id,
                        CAST(json_extract(metadata, '$.part_count') AS INTEGER) AS part_count,
                        (length(content) - length(replace(content, char(10) || '— ', ''))) / 3
                            + (CASE WHEN substr(content, 1, 2) = '— ' THEN 1 ELSE 0 END) AS headings
                    FROM artifacts WHERE tenant_id = ? AND source = 'intercom'
                    """,
                arguments: [tenant]
            ).map { row in
                (id: row["external_id"] as String, parts: row["part_count"] as Int, headings: row["headings"] as Int)
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
            let expected = min(workspace.conversation(at: index).parts.count, 500)
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
