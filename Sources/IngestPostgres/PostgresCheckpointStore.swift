import Foundation
public import IngestCore
import Logging
import PostgresNIO

/// Checkpoints in PostgreSQL. Batches save theirs through ``PostgresArtifactStore``, in the batch's
/// transaction.
public struct PostgresCheckpointStore: CheckpointStore {
    let database: PostgresDatabase

    /// A store on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func checkpoint(jobID: JobID, tenantID: TenantID) async throws -> Checkpoint? {
        let rows = try await database.query(
            """
            SELECT job_id, tenant_id, source, cursor, position, counts, finished, mark, updated_at
            FROM checkpoints WHERE job_id = \(jobID.rawValue) AND tenant_id = \(tenantID.rawValue)
            """,
            doing: "read a checkpoint"
        )
        guard let row = rows.first else { return nil }
        let (job, tenant, source, cursor, position, counts, finished, mark, updatedAt) = try row.decode(
            (String, String, String, String?, Int, String, Bool, String?, Date).self
        )
        return Checkpoint(
            jobID: try JobID(job),
            tenantID: try TenantID(tenant),
            source: source,
            cursor: cursor,
            position: position,
            counts: try JSONDecoder().decode(JobCounts.self, from: Data(counts.utf8)),
            finished: finished,
            mark: mark,
            updatedAt: updatedAt
        )
    }

    public func saveCheckpoint(_ checkpoint: Checkpoint) async throws {
        try await database.transaction(doing: "save a checkpoint") { [logger = database.logger] connection in
            try await Self.save(checkpoint, on: connection, logger: logger)
        }
    }

    /// Saves `checkpoint` on `connection`, inside whatever transaction it is in.
    static func save(_ checkpoint: Checkpoint, on connection: PostgresConnection, logger: Logger) async throws {
        let counts = String(decoding: try JSONEncoder().encode(checkpoint.counts), as: UTF8.self)
        let updatedAt = try PostgresValues.checked(checkpoint.updatedAt, "the checkpoint's updated_at")
        let saved = try await connection.rows(
            """
            INSERT INTO checkpoints (job_id, tenant_id, source, cursor, position, counts, finished, mark, updated_at)
            VALUES (\(checkpoint.jobID.rawValue), \(checkpoint.tenantID.rawValue), \(PostgresValues.text(checkpoint.source)),
                \(PostgresValues.text(checkpoint.cursor)), \(checkpoint.position), \(counts), \(checkpoint.finished),
                \(PostgresValues.text(checkpoint.mark)), \(updatedAt))
            ON CONFLICT (job_id) DO UPDATE SET cursor = excluded.cursor, position = excluded.position,
                counts = excluded.counts, finished = excluded.finished, mark = excluded.mark,
                updated_at = excluded.updated_at
            WHERE checkpoints.tenant_id = excluded.tenant_id
            RETURNING job_id
            """,
            logger: logger
        )
        if saved.isEmpty { throw checkpoint.ownedByAnotherTenantError }
    }
}
