import Foundation
import GRDB

/// Where a run's SQLite bytes went, per conversation: the artifacts table (of which raw payloads and
/// transcripts as stored), the FTS5 index's own tables, and the other indexes. From SQLite's `dbstat`
/// table of pages; the file itself (with free pages) is reported beside it.
struct DiskBreakdown: Sendable, Codable {
    var artifactsTable: Double
    var rawPayloads: Double
    var transcripts: Double
    var searchIndex: Double
    var otherIndexes: Double
    var everythingElse: Double

    /// Bytes per item, or nil when the SQLite build has no `dbstat`.
    static func measure(databasePath: String, items: Int) async -> DiskBreakdown? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: databasePath, configuration: configuration) else { return nil }
        return try? await queue.read { db -> DiskBreakdown in
            let pages = try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name")
            var table = 0.0
            var fts = 0.0
            var indexes = 0.0
            var rest = 0.0
            for page in pages {
                let name: String = page["name"]
                let bytes = Double(page["bytes"] as Int64)
                if name == "artifacts" {
                    table += bytes
                } else if name.hasPrefix("artifacts_fts") {
                    fts += bytes
                } else if name.hasPrefix("artifacts_") || name.hasPrefix("sqlite_autoindex_artifacts") {
                    indexes += bytes
                } else {
                    rest += bytes
                }
            }
            let sizes = try Row.fetchOne(
                db,
                sql: "SELECT SUM(length(raw_payload)) AS raw, SUM(length(CAST(content AS BLOB))) AS text FROM artifacts"
            )
            let count = Double(max(items, 1))
            return DiskBreakdown(
                artifactsTable: table / count,
                rawPayloads: Double(sizes?["raw"] as Int64? ?? 0) / count,
                transcripts: Double(sizes?["text"] as Int64? ?? 0) / count,
                searchIndex: fts / count,
                otherIndexes: indexes / count,
                everythingElse: rest / count
            )
        }
    }

    var summary: String {
        func kb(_ value: Double) -> String { Report.format(value / 1_024) }
        return "artifacts table \(kb(artifactsTable)) KB (raw payloads \(kb(rawPayloads)), transcripts "
            + "\(kb(transcripts))), search index \(kb(searchIndex)) KB, other indexes \(kb(otherIndexes)) KB, "
            + "the rest \(kb(everythingElse)) KB"
    }
}
