import Foundation
import IngestCore
import IngestPostgres
import IngestSQLite
import IngestTestSupport
import Testing

/// Every implementation of the storage ports; each contract test runs once per case.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with fresh, isolated stores (SQLite: a new file in a temporary directory; PostgreSQL:
    /// a new schema), and removes them afterwards whether `body` succeeded or not.
    func withStores(_ body: (Stores) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await TemporarySQLite.withDatabase { database in
                try await body(
                    Stores(
                        artifacts: SQLiteArtifactStore(database: database),
                        searchIndex: SQLiteSearchIndex(database: database),
                        checkpoints: SQLiteCheckpointStore(database: database),
                        jobRecords: SQLiteJobRecordStore(database: database),
                        syncStates: SQLiteSyncStateStore(database: database),
                        leases: SQLiteLeaseStore(database: database),
                        schedules: SQLiteScheduleStore(database: database)
                    )
                )
            }
        case .postgres:
            try await TestPostgres.withFreshSchema { database in
                try await body(
                    Stores(
                        artifacts: PostgresArtifactStore(database: database),
                        searchIndex: PostgresSearchIndex(database: database),
                        checkpoints: PostgresCheckpointStore(database: database),
                        jobRecords: PostgresJobRecordStore(database: database),
                        syncStates: PostgresSyncStateStore(database: database),
                        leases: PostgresLeaseStore(database: database),
                        schedules: PostgresScheduleStore(database: database)
                    )
                )
            }
        }
    }
}
