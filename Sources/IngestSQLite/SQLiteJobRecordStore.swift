import Foundation
import GRDB
public import IngestCore

/// Job records and per-item issues in the SQLite file.
public struct SQLiteJobRecordStore: JobRecordStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func createJob(_ record: JobRecord) async throws {
        let values = try Self.values(record)
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO jobs (job_id, tenant_id, source, config, status, counts, expected_total, error, attempts,
                        created_at, started_at, finished_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING
                    """,
                arguments: values
            )
        }
    }

    public func updateJob(_ record: JobRecord) async throws {
        let values = try Self.values(record)
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO jobs (job_id, tenant_id, source, config, status, counts, expected_total, error, attempts,
                        created_at, started_at, finished_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (job_id) DO UPDATE SET status = excluded.status, counts = excluded.counts,
                        expected_total = excluded.expected_total, error = excluded.error, attempts = excluded.attempts,
                        started_at = excluded.started_at, finished_at = excluded.finished_at,
                        updated_at = excluded.updated_at
                    """,
                arguments: values
            )
        }
    }

    public func job(_ id: JobID) async throws -> JobRecord? {
        try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE job_id = ?", arguments: [id.rawValue]).map(Self.record)
        }
    }

    public func jobs(tenantID: TenantID?, limit: Int) async throws -> [JobRecord] {
        try await database.pool.read { db in
            if let tenantID {
                return try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM jobs WHERE tenant_id = ? ORDER BY created_at DESC, job_id LIMIT ?",
                    arguments: [tenantID.rawValue, limit]
                ).map(Self.record)
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM jobs ORDER BY created_at DESC, job_id LIMIT ?",
                arguments: [limit]
            )
            .map(Self.record)
        }
    }

    public func recordItemIssues(_ issues: [JobItemIssue]) async throws {
        guard !issues.isEmpty else { return }
        try await database.pool.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO job_item_issues (job_id, external_id, kind, reason) VALUES (?, ?, ?, ?)
                    ON CONFLICT (job_id, external_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason
                    """
            )
            for issue in issues {
                try statement.execute(arguments: [
                    issue.jobID.rawValue, issue.externalID, issue.kind.rawValue, issue.reason,
                ])
            }
        }
    }

    public func itemIssues(jobID: JobID, limit: Int) async throws -> [JobItemIssue] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM job_item_issues WHERE job_id = ? ORDER BY kind, external_id LIMIT ?",
                arguments: [jobID.rawValue, limit]
            ).map { row in
                JobItemIssue(
                    jobID: try JobID(row["job_id"]),
                    externalID: row["external_id"],
                    kind: JobItemIssue.Kind(rawValue: row["kind"]) ?? .failed,
                    reason: row["reason"]
                )
            }
        }
    }

    private static func values(_ record: JobRecord) throws -> StatementArguments {
        let counts = String(decoding: try JSONEncoder().encode(record.counts), as: UTF8.self)
        return [
            record.jobID.rawValue, record.tenantID.rawValue, record.source,
            JSONValue.object(record.config).canonicalString,
            record.status.rawValue, counts, record.expectedTotal, record.error, record.attempts,
            record.createdAt.timeIntervalSince1970, record.startedAt?.timeIntervalSince1970,
            record.finishedAt?.timeIntervalSince1970, record.updatedAt.timeIntervalSince1970,
        ]
    }

    private static func record(_ row: Row) throws -> JobRecord {
        let decoder = JSONDecoder()
        let configText: String = row["config"]
        let countsText: String = row["counts"]
        return JobRecord(
            jobID: try JobID(row["job_id"]),
            tenantID: try TenantID(row["tenant_id"]),
            source: row["source"],
            config: try decoder.decode([String: JSONValue].self, from: Data(configText.utf8)),
            status: JobRecord.Status(rawValue: row["status"]) ?? .failed,
            counts: try decoder.decode(JobCounts.self, from: Data(countsText.utf8)),
            expectedTotal: row["expected_total"],
            error: row["error"],
            attempts: row["attempts"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}
