public import Foundation
import GRDB
public import IngestCore

/// Connector leases in the SQLite file (writes are serialized, so a take is atomic).
public struct SQLiteLeaseStore: ConnectorLeaseStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func acquireLease(
        tenantID: TenantID,
        source: DocumentSource,
        jobID: JobID,
        ttl: Duration,
        now: Date
    ) async throws -> LeaseHolder? {
        try await database.pool.write { db in
            let expires = now.timeIntervalSince1970 + ttl.seconds
            try db.execute(
                sql: """
                    INSERT INTO connector_leases (tenant_id, source, job_id, expires_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (tenant_id, source) DO UPDATE SET job_id = excluded.job_id,
                        expires_at = excluded.expires_at
                    WHERE connector_leases.job_id = excluded.job_id OR connector_leases.expires_at <= ?
                    """,
                arguments: [tenantID.rawValue, source.rawValue, jobID.rawValue, expires, now.timeIntervalSince1970]
            )
            if db.changesCount > 0 { return nil }
            let row = try Row.fetchOne(
                db,
                sql: "SELECT job_id, expires_at FROM connector_leases WHERE tenant_id = ? AND source = ?",
                arguments: [tenantID.rawValue, source.rawValue]
            )
            return row.map {
                LeaseHolder(jobID: $0["job_id"], expiresAt: Date(timeIntervalSince1970: $0["expires_at"]))
            }
        }
    }

    public func releaseLease(tenantID: TenantID, source: DocumentSource, jobID: JobID) async throws {
        try await database.pool.write { db in
            try db.execute(
                sql: "DELETE FROM connector_leases WHERE tenant_id = ? AND source = ? AND job_id = ?",
                arguments: [tenantID.rawValue, source.rawValue, jobID.rawValue]
            )
        }
    }
}

/// Schedules in the SQLite file.
public struct SQLiteScheduleStore: ScheduleStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func setSchedule(
        tenantID: TenantID,
        connector: String,
        everySeconds: Int,
        now: Date
    ) async throws
        -> Schedule
    {
        try await database.pool.write { db in
            let stored = try Row.fetchOne(
                db,
                sql: "SELECT * FROM schedules WHERE tenant_id = ? AND connector = ?",
                arguments: [tenantID.rawValue, connector]
            ).map(Self.schedule(from:))
            var schedule =
                stored
                ?? Schedule(
                    tenantID: tenantID,
                    connector: connector,
                    everySeconds: everySeconds,
                    nextDueAt: now,
                    createdAt: now
                )
            schedule.everySeconds = everySeconds
            if let last = schedule.lastEnqueuedAt {
                schedule.nextDueAt = last.addingTimeInterval(TimeInterval(everySeconds))
            }
            try db.execute(
                sql: """
                    INSERT INTO schedules (tenant_id, connector, every_seconds, next_due_at, last_enqueued_at,
                        last_job_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, connector) DO UPDATE SET every_seconds = excluded.every_seconds,
                        next_due_at = excluded.next_due_at
                    """,
                arguments: [
                    tenantID.rawValue, connector, everySeconds, schedule.nextDueAt.timeIntervalSince1970,
                    schedule.lastEnqueuedAt?.timeIntervalSince1970, schedule.lastJobID,
                    schedule.createdAt.timeIntervalSince1970,
                ]
            )
            return schedule
        }
    }

    public func schedules(tenantID: TenantID?) async throws -> [Schedule] {
        try await database.pool.read { db in
            if let tenantID {
                return try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM schedules WHERE tenant_id = ? ORDER BY tenant_id, connector",
                    arguments: [tenantID.rawValue]
                ).map(Self.schedule(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM schedules ORDER BY tenant_id, connector")
                .map(Self.schedule(from:))
        }
    }

    public func removeSchedule(tenantID: TenantID, connector: String) async throws -> Bool {
        try await database.pool.write { db in
            try db.execute(
                sql: "DELETE FROM schedules WHERE tenant_id = ? AND connector = ?",
                arguments: [tenantID.rawValue, connector]
            )
            return db.changesCount > 0
        }
    }

    public func dueSchedules(now: Date) async throws -> [Schedule] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM schedules WHERE next_due_at <= ? ORDER BY next_due_at",
                arguments: [now.timeIntervalSince1970]
            ).map(Self.schedule(from:))
        }
    }

    public func claim(_ schedule: Schedule, jobID: JobID, now: Date) async throws -> Bool {
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    UPDATE schedules SET next_due_at = ?, last_enqueued_at = ?, last_job_id = ?
                    WHERE tenant_id = ? AND connector = ? AND next_due_at = ? AND every_seconds = ?
                    """,
                arguments: [
                    now.timeIntervalSince1970 + Double(schedule.everySeconds), now.timeIntervalSince1970,
                    jobID.rawValue, schedule.tenantID.rawValue, schedule.connector,
                    schedule.nextDueAt.timeIntervalSince1970, schedule.everySeconds,
                ]
            )
            return db.changesCount > 0
        }
    }

    static func schedule(from row: Row) throws -> Schedule {
        Schedule(
            tenantID: try TenantID(row["tenant_id"]),
            connector: row["connector"],
            everySeconds: row["every_seconds"],
            nextDueAt: Date(timeIntervalSince1970: row["next_due_at"]),
            lastEnqueuedAt: (row["last_enqueued_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastJobID: row["last_job_id"],
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }
}
