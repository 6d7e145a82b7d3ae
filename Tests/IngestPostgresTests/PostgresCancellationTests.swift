import Foundation
import IngestTestSupport
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import IngestPostgres

/// A test that times out is cancelled in whatever it is doing; PostgreSQL work must then end, roll
/// back and give its connections back, never wedge the run. Each case races the work against a
/// generous limit instead of awaiting it, so a regression fails the test instead of hanging it.
@Suite("PostgreSQL: cancelled work ends")
struct PostgresCancellationTests {
    /// How long a cancelled piece of work may take to end before it counts as hung (it takes
    /// milliseconds; the limit only stops a regression from holding the run).
    static let hangLimit = Duration.seconds(120)

    /// More databases than the pool and test slots hold, each cancelled inside an open transaction
    /// (a client-side wait, or a statement still running on the server): each ends, rolls back, and
    /// leaves no session behind. Before the fix, the pool was stopped under the rolling-back
    /// transactions and `withRunning` never returned.
    @Test(arguments: [false, true])
    func workCancelledInsideATransactionEndsAndRollsBack(statementRunning: Bool) async throws {
        let url = try TestPostgres.url()
        let schemas = (0..<12).map { _ in "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        }
        let opened = OpenedCount()
        let work = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for schema in schemas {
                    group.addTask {
                        try await IngestPostgres.PostgresDatabase.withRunning(
                            url: url,
                            schema: schema,
                            maximumConnections: 2,
                            logger: TestPostgres.logger
                        ) { database in
                            try await database.transaction(doing: "hold a transaction") { connection in
                                _ = try await connection.query(
                                    "INSERT INTO jobs (job_id, tenant_id, source, config, status, counts, attempts, created_at, updated_at) VALUES ('j', 't', 's', '{}', 'queued', '{}', 0, now(), now())",
                                    logger: TestPostgres.logger
                                ).collect()
                                opened.increment()
                                if statementRunning {
                                    _ = try await connection.query("SELECT pg_sleep(1)", logger: TestPostgres.logger)
                                        .collect()
                                }
                                try await Task.sleep(for: .seconds(3_600))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Cancel once every transaction is open (or soon after: some may still be migrating).
        while opened.value < schemas.count {
            try await Task.sleep(for: .milliseconds(20))
        }
        work.cancel()
        let outcome = try #require(
            await result(of: work, within: Self.hangLimit),
            "cancelled PostgreSQL work did not end: the pool was stopped under open transactions"
        )
        #expect(throws: (any Error).self) { try outcome.get() }

        // Every transaction ended: nothing was committed, and no open transaction still holds a lock
        // on the schema's tables (dropping it would wait for one, and give up after the lock timeout).
        try await IngestPostgres.PostgresDatabase.withRunning(url: url, logger: TestPostgres.logger) { database in
            for schema in schemas {
                let rows = try await database.query(
                    PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(schema).jobs"),
                    doing: "count"
                )
                #expect(try rows.first?.decode(Int.self) == 0)
                try await database.transaction(doing: "drop the schema") { connection in
                    try await connection.query("SET LOCAL lock_timeout = '60s'", logger: TestPostgres.logger)
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"),
                        logger: TestPostgres.logger
                    )
                }
            }
        }
    }
}

@Suite("Test support: waits end when cancelled")
struct TestSupportCancellationTests {
    @Test func aCancelledSemaphoreWaiterLeavesAtOnceAndTheSlotGoesToTheNext() async throws {
        let semaphore = AsyncSemaphore(1)
        try await semaphore.acquire()
        let cancelled = Task { try await semaphore.withSlot { "ran" } }
        let next = Task { try await semaphore.withSlot { "ran" } }
        while semaphore.waiting < 2 { try await Task.sleep(for: .milliseconds(5)) }
        cancelled.cancel()
        let cancelledOutcome = try #require(await result(of: cancelled, within: .seconds(60)))
        #expect(throws: CancellationError.self) { try cancelledOutcome.get() }
        #expect(semaphore.waiting == 1)
        semaphore.release()
        let nextOutcome = try #require(await result(of: next, within: .seconds(60)))
        #expect(try nextOutcome.get() == "ran")
        #expect(semaphore.available == 1)
    }

    @Test func aTaskCancelledBeforeItWaitsTakesNoSlot() async throws {
        let semaphore = AsyncSemaphore(1)
        try await semaphore.acquire()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await semaphore.withSlot { "ran" }
        }
        let outcome = try #require(await result(of: task, within: .seconds(60)))
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(semaphore.waiting == 0)
        semaphore.release()
        #expect(semaphore.available == 1)
    }
}

final class OpenedCount: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
