import Foundation
public import IngestCore
import PostgresNIO

/// Job records and per-item issues in PostgreSQL.
public struct PostgresJobRecordStore: JobRecordStore {
    let database: PostgresDatabase

    /// A store on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func createJob(_ record: JobRecord) async throws {
        try await database.query(
            try Self.insert(record, onConflict: "ON CONFLICT (job_id) DO NOTHING"),
            doing: "create a job record"
        )
    }

    public func updateJob(_ record: JobRecord) async throws {
        try await database.query(
            try Self.insert(
                record,
                onConflict: """
                    ON CONFLICT (job_id) DO UPDATE SET status = excluded.status, counts = excluded.counts,
                        expected_total = excluded.expected_total, error = excluded.error,
                        attempts = excluded.attempts, started_at = excluded.started_at,
                        finished_at = excluded.finished_at, updated_at = excluded.updated_at
                    """
            ),
            doing: "update a job record"
        )
    }

    public func job(_ id: JobID) async throws -> JobRecord? {
        let rows = try await database.query(
            "SELECT \(unescaped: Self.columns) FROM jobs WHERE job_id = \(id.rawValue)",
            doing: "read a job record"
        )
        return try rows.first.map(Self.record)
    }

    public func jobs(tenantID: TenantID?, limit: Int) async throws -> [JobRecord] {
        let limit = max(limit, 0)
        let rows: [PostgresRow]
        if let tenantID {
            rows = try await database.query(
                """
                SELECT \(unescaped: Self.columns) FROM jobs WHERE tenant_id = \(tenantID.rawValue)
                ORDER BY created_at DESC, job_id LIMIT \(limit)
                """,
                doing: "list job records"
            )
        } else {
            rows = try await database.query(
                "SELECT \(unescaped: Self.columns) FROM jobs ORDER BY created_at DESC, job_id LIMIT \(limit)",
                doing: "list job records"
            )
        }
        return try rows.map(Self.record)
    }

    public func recordItemIssues(_ issues: [JobItemIssue]) async throws {
        // One statement cannot touch a row twice: the last issue for an item wins, as if written in order.
        var latest: [String: JobItemIssue] = [:]
        var order: [String] = []
        for issue in issues {
            let key = issue.jobID.rawValue + "\u{1F}" + issue.externalID
            if latest.updateValue(issue, forKey: key) == nil { order.append(key) }
        }
        let unique = order.compactMap { latest[$0] }
        guard !unique.isEmpty else { return }
        try await database.query(
            """
            INSERT INTO job_item_issues (job_id, external_id, kind, reason)
            SELECT * FROM unnest(\(unique.map(\.jobID.rawValue))::text[],
                \(unique.map { PostgresValues.text($0.externalID) })::text[],
                \(unique.map(\.kind.rawValue))::text[], \(unique.map { PostgresValues.text($0.reason) })::text[])
            ON CONFLICT (job_id, external_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason
            """,
            doing: "record item issues"
        )
    }

    // Not optimised: Swift 6.3.1's LLVM crashes (signal 11, "While splitting coroutine") on this
    // function in release builds.
    @_optimize(none)
    public func itemIssues(jobID: JobID, limit: Int) async throws -> [JobItemIssue] {
        let rows = try await database.query(
            """
            SELECT job_id, external_id, kind, reason FROM job_item_issues WHERE job_id = \(jobID.rawValue)
            ORDER BY kind, external_id LIMIT \(max(limit, 0))
            """,
            doing: "read item issues"
        )
        var issues: [JobItemIssue] = []
        issues.reserveCapacity(rows.count)
        for row in rows {
            let (job, externalID, kind, reason) = try row.decode((String, String, String, String).self)
            issues.append(
                JobItemIssue(
                    jobID: try JobID(job),
                    externalID: externalID,
                    kind: JobItemIssue.Kind(rawValue: kind) ?? .failed,
                    reason: reason
                )
            )
        }
        return issues
    }

    private static let columns = """
        job_id, tenant_id, source, config, status, counts, expected_total, error, attempts, created_at, started_at, \
        finished_at, updated_at
        """

    private static func insert(_ record: JobRecord, onConflict: String) throws -> PostgresQuery {
        let counts = String(decoding: try JSONEncoder().encode(record.counts), as: UTF8.self)
        let config = JSONValue.object(record.config).canonicalString
        let createdAt = try PostgresValues.checked(record.createdAt, "the job's created_at")
        let startedAt = try PostgresValues.checked(record.startedAt, "the job's started_at")
        let finishedAt = try PostgresValues.checked(record.finishedAt, "the job's finished_at")
        let updatedAt = try PostgresValues.checked(record.updatedAt, "the job's updated_at")
        return """
            INSERT INTO jobs (\(unescaped: columns))
            VALUES (\(record.jobID.rawValue), \(record.tenantID.rawValue), \(PostgresValues.text(record.source)),
                \(config), \(record.status.rawValue), \(counts), \(record.expectedTotal),
                \(PostgresValues.text(record.error)), \(record.attempts), \(createdAt), \(startedAt), \(finishedAt),
                \(updatedAt))
            \(unescaped: onConflict)
            """
    }

    private static func record(_ row: PostgresRow) throws -> JobRecord {
        let column = try row.decode(
            (String, String, String, String, String, String, Int?, String?, Int, Date, Date?, Date?, Date).self
        )
        let decoder = JSONDecoder()
        return JobRecord(
            jobID: try JobID(column.0),
            tenantID: try TenantID(column.1),
            source: column.2,
            config: try decoder.decode([String: JSONValue].self, from: Data(column.3.utf8)),
            status: JobRecord.Status(rawValue: column.4) ?? .failed,
            counts: try decoder.decode(JobCounts.self, from: Data(column.5.utf8)),
            expectedTotal: column.6,
            error: column.7,
            attempts: column.8,
            createdAt: column.9,
            startedAt: column.10,
            finishedAt: column.11,
            updatedAt: column.12
        )
    }
}
