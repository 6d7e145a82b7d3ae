import Foundation
public import IngestPostgres
public import Logging
import PostgresNIO

/// The PostgreSQL server the tests use: `INGEST_TEST_POSTGRES_URL`, which `./scripts/test` sets after
/// starting one. Each test gets a fresh schema, dropped at its end, so tests run in parallel.
public enum TestPostgres {
    public static let environmentKey = "INGEST_TEST_POSTGRES_URL"
    /// Connections per test database; the queue's concurrency test needs a few.
    static let connectionsPerTest = 4
    /// Test databases open at once, so parallel tests stay well under the server's `max_connections`.
    static let slots = AsyncSemaphore(16)

    public static var logger: Logger {
        var logger = Logger(label: "ingest.tests.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// The server's URL, or an error that tells how to get one — never a silent skip.
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[environmentKey], !url.isEmpty else {
            throw MissingPostgresError()
        }
        return url
    }

    /// Runs `body` with a migrated database in a fresh schema, and drops the schema afterwards.
    public static func withFreshSchema<Result>(
        _ body: (IngestPostgres.PostgresDatabase) async throws -> Result
    ) async throws -> Result {
        let url = try url()
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await slots.withSlot {
            try await PostgresDatabase.withRunning(
                url: url,
                schema: schema,
                maximumConnections: connectionsPerTest,
                logger: logger
            ) { database in
                do {
                    let result = try await body(database)
                    try await drop(schema, in: database)
                    return result
                } catch {
                    try? await drop(schema, in: database)
                    throw error
                }
            }
        }
    }

    private static func drop(_ schema: String, in database: IngestPostgres.PostgresDatabase) async throws {
        // A test schema name is `t_` and hex digits: safe as an identifier.
        try await database.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: logger)
    }
}
