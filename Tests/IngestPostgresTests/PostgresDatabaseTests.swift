import Foundation
import IngestTestSupport
import Logging
import PostgresNIO
import Testing

@testable import IngestPostgres

@Suite("PostgreSQL database: migrations and errors", .timeLimit(.minutes(10)))
struct PostgresDatabaseTests {
    @Test func migratingAgainChangesNothing() async throws {
        try await TestPostgres.withFreshSchema { database in
            #expect(try await database.migrate().isEmpty)
            let rows = try await database.client.query("SELECT id FROM ingest_migrations ORDER BY id").collect()
            let ids = try rows.map { try $0.decode(String.self) }
            #expect(ids == IngestPostgres.PostgresDatabase.migrations.map(\.id).sorted())
        }
    }

    @Test func workersStartingAtOnceApplyEachMigrationOnce() async throws {
        let url = try TestPostgres.url()
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let database = try IngestPostgres.PostgresDatabase(
                        url: url,
                        schema: schema,
                        maximumConnections: 1,
                        logger: TestPostgres.logger
                    )
                    return try await database.withRunning { try await $0.migrate() }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(applied.flatMap { $0 }.sorted() == IngestPostgres.PostgresDatabase.migrations.map(\.id).sorted())
        #expect(applied.filter(\.isEmpty).count == 3)
        // Clean up the schema the four workers shared.
        let database = try IngestPostgres.PostgresDatabase(url: url, schema: schema, logger: TestPostgres.logger)
        _ = try await database.withRunning { database in
            try await database.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
        }
    }

    @Test(arguments: ["", "Upper", "1abc", "a-b", "a;drop", "public\"", String(repeating: "a", count: 64)])
    func refusesUnsafeSchemaNames(schema: String) throws {
        #expect(throws: PostgresStorageError.self) {
            try IngestPostgres.PostgresDatabase(url: "postgres://u@h/d", schema: schema)
        }
    }

    @Test func anUnreachableServerIsReportedWithoutThePassword() async throws {
        let error = try await #require(throws: PostgresStorageError.self) {
            try await IngestPostgres.PostgresDatabase.withRunning(
                url: "postgres://ingest:hunter2@127.0.0.1:1/db?connect_timeout=1",
                logger: TestPostgres.logger
            ) { _ in }
        }
        #expect(error.code == .unavailable)
        #expect(error.description.contains("postgres://ingest:***@127.0.0.1:1/db"), "\(error)")
        #expect(!error.description.contains("hunter2"))
        // It failed at the direct connection check, not after the pool's minute of retries.
        #expect(error.description.hasPrefix("cannot connect:"), "\(error)")
    }

    @Test func serverErrorsSayWhatFailedButNotTheValues() async throws {
        try await TestPostgres.withFreshSchema { database in
            let secret = "value-that-must-not-leak"
            let error = try await #require(throws: PostgresStorageError.self) {
                try await database.query(
                    "SELECT \(secret)::integer",
                    doing: "run a probe"
                )
            }
            #expect(error.code == .queryFailed)
            #expect(error.sqlState == "22P02")
            #expect(error.description.contains("refused to run a probe"), "\(error)")
            #expect(!error.description.contains(secret), "\(error)")

            let missing = try await #require(throws: PostgresStorageError.self) {
                try await database.query("SELECT * FROM no_such_table WHERE x = \(secret)", doing: "read a table")
            }
            #expect(missing.sqlState == "42P01")
            #expect(missing.description.contains("no_such_table"), "\(missing)")
            #expect(!missing.description.contains(secret))
        }
    }
}
