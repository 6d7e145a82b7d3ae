import Foundation
import IngestCore
import IngestPostgres
import IngestSQLite
import IngestTestSupport
import Testing

/// Every implementation of ``JobQueue``; each contract test runs once per case.
enum QueueBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres
    /// SQS on moto (INGEST_TEST_AWS_ENDPOINT, set by ./scripts/test): fresh queues per test with a
    /// redrive policy of `maxReceives`; real time (no injectable clock).
    case sqs

    var testDescription: String { rawValue }

    /// Whether using a receipt handle of an earlier receive is an error. SQS accepts it (its
    /// documentation: "the request succeeds, but the message might not be deleted").
    var rejectsStaleReceipts: Bool { self != .sqs }

    /// Whether concurrent receives never hand one message to two callers. moto's SQS is not atomic
    /// under concurrent ReceiveMessage calls.
    var receivesAtomically: Bool { self != .sqs }

    /// Runs `body` with a fresh, isolated queue that dead-letters after `maxReceives` receives, and
    /// removes it afterwards.
    func withQueue(maxReceives: Int = 5, _ body: (QueueHarness) async throws -> Void) async throws {
        let clock = ManualClock()
        switch self {
        case .sqlite:
            try await TemporarySQLite.withDatabase { database in
                let now: @Sendable () -> Double = { clock.now }
                try await body(
                    QueueHarness(
                        queue: SQLiteJobQueue(database: database, maxReceives: maxReceives, now: now),
                        makeQueue: { SQLiteJobQueue(database: database, name: $0, now: now) },
                        clock: clock
                    )
                )
            }
        case .postgres:
            try await TestPostgres.withFreshSchema { database in
                let now: @Sendable () -> Date = { clock.date }
                try await body(
                    QueueHarness(
                        queue: PostgresJobQueue(database: database, maxReceives: maxReceives, now: now),
                        makeQueue: { PostgresJobQueue(database: database, name: $0, now: now) },
                        clock: clock
                    )
                )
            }
        case .sqs:
            let main = try await MotoQueues.create(maxReceives: maxReceives)
            let other = try await MotoQueues.create(maxReceives: maxReceives)
            do {
                let otherQueue = try MotoQueues.queue(other.main)
                try await body(
                    QueueHarness(
                        queue: try MotoQueues.queue(main.main),
                        makeQueue: { _ in otherQueue },
                        clock: nil,
                        timeScale: 3
                    )
                )
            } catch {
                await MotoQueues.delete(main.all + other.all)
                throw error
            }
            await MotoQueues.delete(main.all + other.all)
        }
    }
}
