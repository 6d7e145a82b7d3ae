public import Foundation
public import IngestCore
import Logging
import PostgresNIO

/// Connector leases in PostgreSQL: one conditional upsert takes or renews a lease atomically.
public struct PostgresLeaseStore: ConnectorLeaseStore {
    let database: PostgresDatabase

    /// A store on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func acquireLease(
        tenantID: TenantID,
        source: DocumentSource,
        jobID: JobID,
        ttl: Duration,
        now: Date
    ) async throws -> LeaseHolder? {
        let expires = now.addingTimeInterval(ttl.seconds)
        let taken = try await database.query(
            """
            INSERT INTO connector_leases (tenant_id, source, job_id, expires_at)
            VALUES (\(tenantID.rawValue), \(source.rawValue), \(jobID.rawValue), \(expires))
            ON CONFLICT (tenant_id, source) DO UPDATE SET job_id = excluded.job_id, expires_at = excluded.expires_at
            WHERE connector_leases.job_id = excluded.job_id OR connector_leases.expires_at <= \(now)
            RETURNING job_id
            """,
            doing: "take a connector lease"
        )
        if !taken.isEmpty { return nil }
        let rows = try await database.query(
            """
            SELECT job_id, expires_at FROM connector_leases
            WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue)
            """,
            doing: "read a connector lease"
        )
        guard let row = rows.first else { return nil }
        let (holder, expiresAt) = try row.decode((String, Date).self)
        return LeaseHolder(jobID: holder, expiresAt: expiresAt)
    }

    public func releaseLease(tenantID: TenantID, source: DocumentSource, jobID: JobID) async throws {
        _ = try await database.query(
            """
            DELETE FROM connector_leases
            WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue) AND job_id = \(jobID.rawValue)
            """,
            doing: "release a connector lease"
        )
    }
}

/// Schedules in PostgreSQL.
public struct PostgresScheduleStore: ScheduleStore {
    let database: PostgresDatabase

    /// A store on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    private static let columns =
        "tenant_id, connector, every_seconds, next_due_at, last_enqueued_at, last_job_id, created_at"

    public func setSchedule(
        tenantID: TenantID,
        connector: String,
        everySeconds: Int,
        now: Date
    ) async throws
        -> Schedule
    {
        let rows = try await database.query(
            """
            INSERT INTO schedules (tenant_id, connector, every_seconds, next_due_at, created_at)
            VALUES (\(tenantID.rawValue), \(connector), \(everySeconds), \(now), \(now))
            ON CONFLICT (tenant_id, connector) DO UPDATE SET every_seconds = excluded.every_seconds,
                next_due_at = coalesce(
                    schedules.last_enqueued_at + make_interval(secs => excluded.every_seconds), schedules.next_due_at)
            RETURNING \(unescaped: Self.columns)
            """,
            doing: "set a schedule"
        )
        guard let row = rows.first else { throw IngestError(.transient, "setting the schedule returned nothing") }
        return try Self.schedule(from: row)
    }

    public func schedules(tenantID: TenantID?) async throws -> [Schedule] {
        let rows: [PostgresRow]
        if let tenantID {
            rows = try await database.query(
                """
                SELECT \(unescaped: Self.columns) FROM schedules WHERE tenant_id = \(tenantID.rawValue)
                ORDER BY tenant_id, connector
                """,
                doing: "list schedules"
            )
        } else {
            rows = try await database.query(
                "SELECT \(unescaped: Self.columns) FROM schedules ORDER BY tenant_id, connector",
                doing: "list schedules"
            )
        }
        return try rows.map(Self.schedule(from:))
    }

    public func removeSchedule(tenantID: TenantID, connector: String) async throws -> Bool {
        let rows = try await database.query(
            """
            DELETE FROM schedules WHERE tenant_id = \(tenantID.rawValue) AND connector = \(connector)
            RETURNING tenant_id
            """,
            doing: "remove a schedule"
        )
        return !rows.isEmpty
    }

    public func dueSchedules(now: Date) async throws -> [Schedule] {
        let rows = try await database.query(
            "SELECT \(unescaped: Self.columns) FROM schedules WHERE next_due_at <= \(now) ORDER BY next_due_at",
            doing: "read due schedules"
        )
        return try rows.map(Self.schedule(from:))
    }

    public func claim(_ schedule: Schedule, jobID: JobID, now: Date) async throws -> Bool {
        let next = now.addingTimeInterval(TimeInterval(schedule.everySeconds))
        let rows = try await database.query(
            """
            UPDATE schedules SET next_due_at = \(next), last_enqueued_at = \(now), last_job_id = \(jobID.rawValue)
            WHERE tenant_id = \(schedule.tenantID.rawValue) AND connector = \(schedule.connector)
                AND next_due_at = \(schedule.nextDueAt) AND every_seconds = \(schedule.everySeconds)
            RETURNING tenant_id
            """,
            doing: "claim a due schedule"
        )
        return !rows.isEmpty
    }

    static func schedule(from row: PostgresRow) throws -> Schedule {
        let (tenant, connector, every, nextDue, lastEnqueued, lastJob, created) = try row.decode(
            (String, String, Int, Date, Date?, String?, Date).self
        )
        return Schedule(
            tenantID: try TenantID(tenant),
            connector: connector,
            everySeconds: every,
            nextDueAt: nextDue,
            lastEnqueuedAt: lastEnqueued,
            lastJobID: lastJob,
            createdAt: created
        )
    }
}
