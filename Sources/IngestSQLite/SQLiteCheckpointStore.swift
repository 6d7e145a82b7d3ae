import Foundation
import GRDB
public import IngestCore

/// Checkpoints in the SQLite file. Batches save theirs through ``SQLiteArtifactStore``.
public struct SQLiteCheckpointStore: CheckpointStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func checkpoint(jobID: JobID, tenantID: TenantID) async throws -> Checkpoint? {
        try await database.pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM checkpoints WHERE job_id = ? AND tenant_id = ?",
                    arguments: [jobID.rawValue, tenantID.rawValue]
                )
            else { return nil }
            let countsText: String = row["counts"]
            return Checkpoint(
                jobID: try JobID(row["job_id"]),
                tenantID: try TenantID(row["tenant_id"]),
                source: row["source"],
                cursor: row["cursor"],
                position: row["position"],
                counts: try JSONDecoder().decode(JobCounts.self, from: Data(countsText.utf8)),
                finished: row["finished"],
                mark: row["mark"],
                updatedAt: Date(timeIntervalSince1970: row["updated_at"])
            )
        }
    }

    public func saveCheckpoint(_ checkpoint: Checkpoint) async throws {
        try await database.pool.write { db in try Self.save(checkpoint, in: db) }
    }

    static func save(_ checkpoint: Checkpoint, in db: Database) throws {
        let counts = String(decoding: try JSONEncoder().encode(checkpoint.counts), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO checkpoints (job_id, tenant_id, source, cursor, position, counts, finished, mark, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id) DO UPDATE SET cursor = excluded.cursor, position = excluded.position,
                    counts = excluded.counts, finished = excluded.finished, mark = excluded.mark,
                    updated_at = excluded.updated_at
                WHERE checkpoints.tenant_id = excluded.tenant_id
                """,
            arguments: [
                checkpoint.jobID.rawValue, checkpoint.tenantID.rawValue, checkpoint.source, checkpoint.cursor,
                checkpoint.position, counts, checkpoint.finished, checkpoint.mark,
                checkpoint.updatedAt.timeIntervalSince1970,
            ]
        )
        if db.changesCount == 0 { throw checkpoint.ownedByAnotherTenantError }
    }
}
