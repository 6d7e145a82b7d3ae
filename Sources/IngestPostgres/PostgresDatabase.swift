import Foundation
public import Logging
public import PostgresNIO
public import ServiceLifecycle

/// One PostgreSQL database holding the production backends: artifacts, the `tsvector` search index,
/// checkpoints, job records and `SKIP LOCKED` queues.
///
/// It owns a `PostgresClient` (a connection pool), so it is a `Service`: queries wait until ``run()``
/// is running, in a task group or a `ServiceGroup`, and stop when it is cancelled or the group shuts
/// down gracefully — list it before the services that use it, so it stops after them. Call
/// ``migrate()`` once ``run()`` is running and before the stores are used, or use
/// ``withRunning(url:schema:maximumConnections:logger:_:)``, which does both.
///
/// Needs PostgreSQL 13 or newer with a UTF-8 database. In a file that also imports PostgresNIO, spell
/// the type `IngestPostgres.PostgresDatabase`: PostgresNIO has a legacy protocol of the same name.
public final class PostgresDatabase: Service, Sendable {
    /// The pool; stores lease connections from it.
    public let client: PostgresClient
    /// The URL it was opened with, password removed.
    public let redactedURL: String
    /// The schema every connection uses as its `search_path`, when one was given (for tests).
    public let schema: String?
    let url: PostgresURL
    let logger: Logger
    /// Whether the artifacts table has planner statistics (see ``PlannerStatistics``).
    let plannerStatistics = PlannerStatistics()

    /// Opens a database from a `postgres://` URL; nothing connects until ``run()`` runs.
    ///
    /// - Parameters:
    ///   - url: `postgres://user:password@host:port/database?sslmode=…`; see ``PostgresURL``.
    ///   - schema: A schema to use instead of `public` (created by ``migrate()``): lower-case letters,
    ///     digits and `_`, at most 63 characters.
    ///   - maximumConnections: The pool's size.
    public convenience init(
        url: String,
        schema: String? = nil,
        maximumConnections: Int = 20,
        logger: Logger = Logger(label: "ingest.postgres")
    ) throws {
        try self.init(
            url: PostgresURL(url),
            schema: schema,
            maximumConnections: maximumConnections,
            logger: logger
        )
    }

    /// Opens a database from a parsed URL; nothing connects until ``run()`` runs.
    public init(
        url: PostgresURL,
        schema: String? = nil,
        maximumConnections: Int = 20,
        logger: Logger = Logger(label: "ingest.postgres")
    ) throws {
        if let schema, !Self.isValidSchemaName(schema) {
            throw PostgresStorageError(
                .invalidValue,
                "the schema name \(schema) is not allowed (use 1 to 63 lower-case letters, digits or '_', "
                    + "starting with a letter or '_')"
            )
        }
        self.url = url
        self.redactedURL = url.redacted
        self.schema = schema
        self.logger = logger
        self.client = PostgresClient(
            configuration: url.clientConfiguration(schema: schema, maximumConnections: maximumConnections),
            backgroundLogger: logger
        )
    }

    /// Runs the connection pool until the task is cancelled or a `ServiceGroup` shuts down.
    public func run() async throws {
        await client.run()
    }

    /// Starts the client, creates the schema if one was given, runs the migrations, calls `body`, and
    /// stops the client — for CLI commands and tests that need the database for one piece of work.
    public static func withRunning<Result>(
        url: String,
        schema: String? = nil,
        maximumConnections: Int = 20,
        logger: Logger = Logger(label: "ingest.postgres"),
        _ body: (PostgresDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try PostgresDatabase(
            url: url,
            schema: schema,
            maximumConnections: maximumConnections,
            logger: logger
        )
        return try await database.withRunning { database in
            try await database.migrate()
            return try await body(database)
        }
    }

    /// Runs the client for the duration of `body` (without migrating).
    ///
    /// The pool runs in a task of its own that the caller's cancellation does not reach: when the
    /// caller is cancelled, `body` ends first — its open transaction rolled back on a working
    /// connection — and only then is the pool stopped. (Cancelling both at once closed connections
    /// under transactions that were still rolling back, and the pool then never finished.) `body`
    /// starts once the pool's task is under way.
    public func withRunning<Result>(_ body: (PostgresDatabase) async throws -> Result) async throws -> Result {
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let pool = Task {
            startedContinuation.finish()
            try await self.run()
        }
        for await _ in started {}
        do {
            let result = try await body(self)
            pool.cancel()
            _ = await pool.result
            return result
        } catch {
            pool.cancel()
            _ = await pool.result
            throw error
        }
    }

    /// Opens one connection outside the pool and closes it, so a wrong URL, password or database name
    /// fails at once with the server's reason (the pool would retry for a minute). Bounded by the URL's
    /// `connect_timeout` (10 s by default).
    public func checkConnection() async throws {
        do {
            let connection = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.next(),
                configuration: url.connectionConfiguration(schema: schema),
                id: 0,
                logger: logger
            ).get()
            try await connection.close()
        } catch {
            throw PostgresStorageError.wrap(error, doing: "connect", database: redactedURL)
        }
    }

    static func isValidSchemaName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F }
        return isLetter(bytes[0]) && bytes.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

extension PostgresDatabase {
    /// Runs one statement on a pooled connection and collects its rows; errors say what `operation` was.
    @discardableResult
    func query(_ query: PostgresQuery, doing operation: String) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw PostgresStorageError.wrap(error, doing: operation, database: redactedURL)
        }
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it
    /// throws.
    func transaction<Result: Sendable>(
        doing operation: String,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        } catch {
            throw PostgresStorageError.wrap(error, doing: operation, database: redactedURL)
        }
    }
}
