import Foundation
import GRDB
public import IngestCore

/// Sync state in the SQLite file. Pages write theirs through ``SQLiteArtifactStore``, in the page's
/// transaction.
public struct SQLiteSyncStateStore: SyncStateStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func syncState(tenantID: TenantID, source: DocumentSource) async throws -> SyncState? {
        try await database.pool.read { db in try Self.state(tenantID: tenantID, source: source, in: db) }
    }

    public func syncStates(tenantID: TenantID?) async throws -> [SyncState] {
        try await database.pool.read { db in
            let rows: [Row]
            if let tenantID {
                rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM sync_state WHERE tenant_id = ? ORDER BY tenant_id, source",
                    arguments: [tenantID.rawValue]
                )
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM sync_state ORDER BY tenant_id, source")
            }
            return try rows.map(Self.state(from:))
        }
    }

    public func apply(_ update: SyncStateUpdate) async throws {
        try await database.pool.write { db in try Self.apply(update, in: db) }
    }

    static func apply(_ update: SyncStateUpdate, in db: Database) throws {
        let stored = try state(tenantID: update.tenantID, source: update.source, in: db)
        let next = update.applied(to: stored, at: Date())
        try db.execute(
            sql: """
                INSERT INTO sync_state (tenant_id, source, changes_mark, deletions_mark, last_sync_at,
                    last_backfill_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, source) DO UPDATE SET changes_mark = excluded.changes_mark,
                    deletions_mark = excluded.deletions_mark, last_sync_at = excluded.last_sync_at,
                    last_backfill_at = excluded.last_backfill_at, updated_at = excluded.updated_at
                """,
            arguments: [
                next.tenantID.rawValue, next.source.rawValue, next.changesMark, next.deletionsMark,
                next.lastSyncAt?.timeIntervalSince1970, next.lastBackfillAt?.timeIntervalSince1970,
                next.updatedAt.timeIntervalSince1970,
            ]
        )
    }

    static func state(tenantID: TenantID, source: DocumentSource, in db: Database) throws -> SyncState? {
        try Row.fetchOne(
            db,
            sql: "SELECT * FROM sync_state WHERE tenant_id = ? AND source = ?",
            arguments: [tenantID.rawValue, source.rawValue]
        ).map(state(from:))
    }

    static func state(from row: Row) throws -> SyncState {
        SyncState(
            tenantID: try TenantID(row["tenant_id"]),
            source: DocumentSource(row["source"]),
            changesMark: row["changes_mark"],
            deletionsMark: row["deletions_mark"],
            lastSyncAt: (row["last_sync_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastBackfillAt: (row["last_backfill_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}
