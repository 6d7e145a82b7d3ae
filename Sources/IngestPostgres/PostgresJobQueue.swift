public import Foundation
public import IngestCore
import PostgresNIO

/// A ``JobQueue`` with SQS semantics on PostgreSQL, for deployments without SQS.
///
/// A receive takes visible messages with `FOR UPDATE SKIP LOCKED`, so concurrent consumers never get
/// the same message, makes them invisible for the visibility timeout and gives each a fresh receipt
/// handle; a message received `maxReceives` times without being deleted moves to the dead letters with
/// that reason instead of being delivered again. Several named queues share the tables. Every time
/// comes from the injected clock, never from the server's `now()`.
public struct PostgresJobQueue: JobQueue {
    let database: PostgresDatabase
    /// The queue's name; several queues may share one database.
    public let name: String
    /// Receives allowed before a message is dead-lettered (SQS's `maxReceiveCount`).
    public let maxReceives: Int
    let pollInterval: Duration
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - pollInterval: How often a long-polling ``receive(maxMessages:visibilityTimeout:wait:)`` looks again.
    ///   - now: The clock every visibility time is computed from (tests inject one).
    public init(
        database: PostgresDatabase,
        name: String = "ingest-jobs",
        maxReceives: Int = 5,
        pollInterval: Duration = .milliseconds(200),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.name = name
        self.maxReceives = maxReceives
        self.pollInterval = pollInterval
        self.now = now
    }

    @discardableResult
    public func send(_ body: Data) async throws -> String {
        try await sendBatch([body])[0]
    }

    public func send(_ body: Data, delay: Duration) async throws -> String {
        try await send([body], delay: delay)[0]
    }

    /// Enqueues all bodies in one statement; ids come back in order.
    @discardableResult
    public func sendBatch(_ bodies: [Data]) async throws -> [String] {
        try await send(bodies, delay: .zero)
    }

    private func send(_ bodies: [Data], delay: Duration) async throws -> [String] {
        for body in bodies where body.count > IngestJob.maximumMessageBytes {
            throw QueueError(
                .messageTooLarge,
                "the message is \(body.count) bytes; the queue accepts at most \(IngestJob.maximumMessageBytes)"
            )
        }
        guard !bodies.isEmpty else { return [] }
        let ids = bodies.map { _ in UUID().uuidString.lowercased() }
        let time = try PostgresValues.checked(now(), "the queue's clock")
        // At most 1,000 messages (5,000 bound values) per statement.
        var start = 0
        while start < bodies.count {
            let end = min(start + 1_000, bodies.count)
            var sql = PostgresQuery.StringInterpolation(
                literalCapacity: 128 + (end - start) * 32,
                interpolationCount: 0
            )
            sql.appendLiteral("INSERT INTO queue_messages (id, queue, body, sent_at, visible_at) VALUES ")
            for index in start..<end {
                sql.appendLiteral(index == start ? "(" : ", (")
                sql.appendInterpolation(ids[index])
                sql.appendLiteral(", ")
                sql.appendInterpolation(name)
                sql.appendLiteral(", ")
                try sql.appendInterpolation(bodies[index])
                sql.appendLiteral(", ")
                sql.appendInterpolation(time)
                sql.appendLiteral(", ")
                sql.appendInterpolation(time.addingTimeInterval(min(max(delay.seconds, 0), 900)))
                sql.appendLiteral(")")
            }
            try await database.query(PostgresQuery(stringInterpolation: sql), doing: "send to the queue \(name)")
            start = end
        }
        return ids
    }

    public func receive(maxMessages: Int, visibilityTimeout: Duration, wait: Duration) async throws -> [QueueMessage] {
        try await longPoll(wait: wait, interval: pollInterval) {
            try await receiveOnce(maxMessages: maxMessages, visibilityTimeout: visibilityTimeout)
        }
    }

    private func receiveOnce(maxMessages: Int, visibilityTimeout: Duration) async throws -> [QueueMessage] {
        let time = try PostgresValues.checked(now(), "the queue's clock")
        let invisibleUntil = try PostgresValues.checked(
            time.addingTimeInterval(max(visibilityTimeout.seconds, 0)),
            "the visibility timeout"
        )
        // One statement: pick, dead-letter what was received too often, hand out the rest.
        let rows = try await database.query(
            """
            WITH picked AS (
                SELECT seq, receive_count, visible_at FROM queue_messages
                WHERE queue = \(name) AND visible_at <= \(time)
                ORDER BY visible_at, seq
                LIMIT \(max(maxMessages, 1))
                FOR UPDATE SKIP LOCKED
            ), buried AS (
                DELETE FROM queue_messages m USING picked p
                WHERE m.seq = p.seq AND p.receive_count >= \(maxReceives)
                RETURNING m.id, m.queue, m.body, m.receive_count, m.sent_at
            ), dead AS (
                INSERT INTO dead_letters (id, queue, body, reason, receive_count, sent_at, dead_lettered_at)
                SELECT id, queue, body,
                    'received ' || receive_count || ' times without being deleted (maximum '
                        || \(maxReceives) || ')',
                    receive_count, sent_at, \(time)
                FROM buried
            ), delivered AS (
                UPDATE queue_messages m SET receive_count = m.receive_count + 1, visible_at = \(invisibleUntil),
                    receipt_handle = gen_random_uuid()::text
                FROM picked p
                WHERE m.seq = p.seq AND p.receive_count < \(maxReceives)
                RETURNING m.seq, m.id, m.receipt_handle, m.body, m.receive_count
            )
            SELECT d.id, d.receipt_handle, d.body, d.receive_count
            FROM delivered d JOIN picked p ON p.seq = d.seq
            ORDER BY p.visible_at, p.seq
            """,
            doing: "receive from the queue \(name)"
        )
        return try rows.map { row in
            let (id, handle, body, receiveCount) = try row.decode((String, String, Data, Int).self)
            return QueueMessage(id: id, receiptHandle: handle, body: body, receiveCount: receiveCount)
        }
    }

    public func delete(_ message: QueueMessage) async throws {
        let rows = try await database.query(
            """
            DELETE FROM queue_messages WHERE queue = \(name) AND receipt_handle = \(message.receiptHandle)
            RETURNING seq
            """,
            doing: "delete from the queue \(name)"
        )
        if rows.isEmpty { throw Self.expired(message) }
    }

    public func changeVisibility(_ message: QueueMessage, timeout: Duration) async throws {
        let visibleAt = try PostgresValues.checked(
            now().addingTimeInterval(max(timeout.seconds, 0)),
            "the visibility timeout"
        )
        let rows = try await database.query(
            """
            UPDATE queue_messages SET visible_at = \(visibleAt)
            WHERE queue = \(name) AND receipt_handle = \(message.receiptHandle)
            RETURNING seq
            """,
            doing: "change a message's visibility in the queue \(name)"
        )
        if rows.isEmpty { throw Self.expired(message) }
    }

    public func deadLetter(_ message: QueueMessage, reason: String) async throws {
        let time = try PostgresValues.checked(now(), "the queue's clock")
        let rows = try await database.query(
            """
            WITH gone AS (
                DELETE FROM queue_messages WHERE queue = \(name) AND receipt_handle = \(message.receiptHandle)
                RETURNING id, queue, body, receive_count, sent_at
            )
            INSERT INTO dead_letters (id, queue, body, reason, receive_count, sent_at, dead_lettered_at)
            SELECT id, queue, body, \(PostgresValues.text(reason)), receive_count, sent_at, \(time) FROM gone
            RETURNING seq
            """,
            doing: "dead-letter a message of the queue \(name)"
        )
        if rows.isEmpty { throw Self.expired(message) }
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        let rows = try await database.query(
            """
            SELECT id, body, reason, receive_count, dead_lettered_at FROM dead_letters
            WHERE queue = \(name) ORDER BY seq DESC LIMIT \(max(limit, 0))
            """,
            doing: "read the dead letters of the queue \(name)"
        )
        return try rows.map { row in
            let (id, body, reason, receiveCount, deadLetteredAt) = try row.decode(
                (String, Data, String, Int, Date).self
            )
            return DeadLetter(
                id: id,
                body: body,
                reason: reason,
                receiveCount: receiveCount,
                deadLetteredAt: deadLetteredAt
            )
        }
    }

    public func redrive(_ bodies: [String: Data]) async throws -> Set<String> {
        for (id, body) in bodies where body.count > IngestJob.maximumMessageBytes {
            throw QueueError(
                .messageTooLarge,
                "dead letter \(id) is \(body.count) bytes; the queue accepts at most \(IngestJob.maximumMessageBytes)"
            )
        }
        let time = try PostgresValues.checked(now(), "the queue's clock")
        var moved: Set<String> = []
        for (id, body) in bodies {
            // One statement per message: it leaves the dead letters and enters the queue together.
            let rows = try await database.query(
                """
                WITH gone AS (
                    DELETE FROM dead_letters WHERE queue = \(name) AND id = \(id) RETURNING id
                )
                INSERT INTO queue_messages (id, queue, body, sent_at, visible_at)
                SELECT DISTINCT id, \(name), \(body), \(time), \(time) FROM gone
                RETURNING id
                """,
                doing: "redrive a dead letter of the queue \(name)"
            )
            if !rows.isEmpty { moved.insert(id) }
        }
        return moved
    }

    public func approximateDepth() async throws -> QueueDepth {
        let time = try PostgresValues.checked(now(), "the queue's clock")
        let rows = try await database.query(
            """
            SELECT
                (SELECT count(*) FROM queue_messages WHERE queue = \(name) AND visible_at <= \(time)),
                (SELECT count(*) FROM queue_messages WHERE queue = \(name) AND visible_at > \(time)),
                (SELECT count(*) FROM dead_letters WHERE queue = \(name))
            """,
            doing: "measure the queue \(name)"
        )
        guard let row = rows.first else { return QueueDepth(visible: 0, inFlight: 0, deadLetters: 0) }
        let (visible, inFlight, dead) = try row.decode((Int, Int, Int).self)
        return QueueDepth(visible: visible, inFlight: inFlight, deadLetters: dead)
    }

    private static func expired(_ message: QueueMessage) -> QueueError {
        QueueError(
            .receiptExpired,
            "message \(message.id) is no longer held by this receive (its visibility timeout ran out or it was deleted)"
        )
    }
}
