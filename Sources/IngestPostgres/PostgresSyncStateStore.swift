import Foundation
public import IngestCore
import Logging
import PostgresNIO

/// Sync state in PostgreSQL. Pages write theirs through ``PostgresArtifactStore``, in the page's
/// transaction.
public struct PostgresSyncStateStore: SyncStateStore {
    let database: PostgresDatabase

    /// A store on `database`, whose ``PostgresDatabase/run()`` must be running and which must be migrated.
    public init(database: PostgresDatabase) {
        self.database = database
    }

    private static let columns =
        "tenant_id, source, changes_mark, deletions_mark, last_sync_at, last_backfill_at, updated_at"

    public func syncState(tenantID: TenantID, source: DocumentSource) async throws -> SyncState? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM sync_state
            WHERE tenant_id = \(tenantID.rawValue) AND source = \(source.rawValue)
            """,
            doing: "read sync state"
        )
        return try rows.first.map(Self.state(from:))
    }

    public func syncStates(tenantID: TenantID?) async throws -> [SyncState] {
        let rows: [PostgresRow]
        if let tenantID {
            rows = try await database.query(
                """
                SELECT \(unescaped: Self.columns) FROM sync_state WHERE tenant_id = \(tenantID.rawValue)
                ORDER BY tenant_id, source
                """,
                doing: "read sync state"
            )
        } else {
            rows = try await database.query(
                "SELECT \(unescaped: Self.columns) FROM sync_state ORDER BY tenant_id, source",
                doing: "read sync state"
            )
        }
        return try rows.map(Self.state(from:))
    }

    public func apply(_ update: SyncStateUpdate) async throws {
        try await database.transaction(doing: "save sync state") { [logger = database.logger] connection in
            try await Self.apply(update, on: connection, logger: logger)
        }
    }

    /// Applies `update` on `connection`, inside whatever transaction it is in (the row is locked first,
    /// so concurrent updates of one tenant's state apply one after the other).
    static func apply(_ update: SyncStateUpdate, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.rows(
            """
            INSERT INTO sync_state (tenant_id, source, updated_at)
            VALUES (\(update.tenantID.rawValue), \(update.source.rawValue), \(Date()))
            ON CONFLICT (tenant_id, source) DO NOTHING
            """,
            logger: logger
        )
        let rows = try await connection.rows(
            """
            SELECT \(unescaped: columns) FROM sync_state
            WHERE tenant_id = \(update.tenantID.rawValue) AND source = \(update.source.rawValue)
            FOR UPDATE
            """,
            logger: logger
        )
        let next = update.applied(to: try rows.first.map(state(from:)), at: Date())
        try await connection.rows(
            """
            UPDATE sync_state SET changes_mark = \(PostgresValues.text(next.changesMark)),
                deletions_mark = \(PostgresValues.text(next.deletionsMark)), last_sync_at = \(next.lastSyncAt),
                last_backfill_at = \(next.lastBackfillAt), updated_at = \(next.updatedAt)
            WHERE tenant_id = \(update.tenantID.rawValue) AND source = \(update.source.rawValue)
            """,
            logger: logger
        )
    }

    static func state(from row: PostgresRow) throws -> SyncState {
        let (tenant, source, changes, deletions, lastSync, lastBackfill, updatedAt) = try row.decode(
            (String, String, String?, String?, Date?, Date?, Date).self
        )
        return SyncState(
            tenantID: try TenantID(tenant),
            source: DocumentSource(source),
            changesMark: changes,
            deletionsMark: deletions,
            lastSyncAt: lastSync,
            lastBackfillAt: lastBackfill,
            updatedAt: updatedAt
        )
    }
}
