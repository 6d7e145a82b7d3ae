public import Foundation
import GRDB
public import IngestCore

/// The embedded ``JobQueue`` with SQS semantics, in the shared SQLite file.
///
/// A receive makes a message invisible for the visibility timeout and gives it a fresh receipt
/// handle; a message received `maxReceives` times without being deleted moves to the dead letters
/// with that reason instead of being delivered again.
public struct SQLiteJobQueue: JobQueue {
    let database: SQLiteDatabase
    /// The queue's name within the file; several queues may share one database.
    public let name: String
    /// Receives allowed before a message is dead-lettered (SQS's `maxReceiveCount`).
    public let maxReceives: Int
    let now: @Sendable () -> Double
    let pollInterval: Duration

    public init(
        database: SQLiteDatabase,
        name: String = "ingest-jobs",
        maxReceives: Int = 5,
        pollInterval: Duration = .milliseconds(200),
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.database = database
        self.name = name
        self.maxReceives = maxReceives
        self.pollInterval = pollInterval
        self.now = now
    }

    @discardableResult
    public func send(_ body: Data) async throws -> String {
        try await send(body, delay: .zero)
    }

    public func send(_ body: Data, delay: Duration) async throws -> String {
        guard body.count <= IngestJob.maximumMessageBytes else {
            throw QueueError(
                .messageTooLarge,
                "the message is \(body.count) bytes; the queue accepts at most \(IngestJob.maximumMessageBytes)"
            )
        }
        let id = UUID().uuidString.lowercased()
        let time = now()
        try await database.pool.write { [name] db in
            try db.execute(
                sql: "INSERT INTO queue_messages (id, queue, body, sent_at, visible_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, name, body, time, time + min(max(delay.seconds, 0), 900)]
            )
        }
        return id
    }

    public func receive(maxMessages: Int, visibilityTimeout: Duration, wait: Duration) async throws -> [QueueMessage] {
        try await longPoll(wait: wait, interval: pollInterval) {
            try await receiveOnce(maxMessages: maxMessages, visibilityTimeout: visibilityTimeout)
        }
    }

    private func receiveOnce(maxMessages: Int, visibilityTimeout: Duration) async throws -> [QueueMessage] {
        let time = now()
        let invisibleUntil = time + visibilityTimeout.seconds
        return try await database.pool.write { [name, maxReceives] db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, id, body, sent_at, receive_count FROM queue_messages
                    WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?
                    """,
                arguments: [name, time, max(maxMessages, 1)]
            )
            var messages: [QueueMessage] = []
            for row in rows {
                let seq: Int64 = row["seq"]
                let receiveCount: Int = row["receive_count"]
                if receiveCount >= maxReceives {
                    try Self.moveToDeadLetters(
                        db,
                        seq: seq,
                        reason: "received \(receiveCount) times without being deleted (maximum \(maxReceives))",
                        time: time
                    )
                    continue
                }
                let handle = UUID().uuidString.lowercased()
                try db.execute(
                    sql:
                        "UPDATE queue_messages SET receive_count = receive_count + 1, visible_at = ?, receipt_handle = ? WHERE seq = ?",
                    arguments: [invisibleUntil, handle, seq]
                )
                messages.append(
                    QueueMessage(
                        id: row["id"],
                        receiptHandle: handle,
                        body: row["body"],
                        receiveCount: receiveCount + 1
                    )
                )
            }
            return messages
        }
    }

    public func delete(_ message: QueueMessage) async throws {
        // A receipt is only good on the queue that handed it out.
        try await database.pool.write { [name] db in
            try db.execute(
                sql: "DELETE FROM queue_messages WHERE queue = ? AND receipt_handle = ?",
                arguments: [name, message.receiptHandle]
            )
            if db.changesCount == 0 { throw Self.expired(message) }
        }
    }

    public func changeVisibility(_ message: QueueMessage, timeout: Duration) async throws {
        let visibleAt = now() + timeout.seconds
        try await database.pool.write { [name] db in
            try db.execute(
                sql: "UPDATE queue_messages SET visible_at = ? WHERE queue = ? AND receipt_handle = ?",
                arguments: [visibleAt, name, message.receiptHandle]
            )
            if db.changesCount == 0 { throw Self.expired(message) }
        }
    }

    public func deadLetter(_ message: QueueMessage, reason: String) async throws {
        let time = now()
        try await database.pool.write { [name] db in
            guard
                let seq = try Int64.fetchOne(
                    db,
                    sql: "SELECT seq FROM queue_messages WHERE queue = ? AND receipt_handle = ?",
                    arguments: [name, message.receiptHandle]
                )
            else { throw Self.expired(message) }
            try Self.moveToDeadLetters(db, seq: seq, reason: reason, time: time)
        }
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await database.pool.read { [name] db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM dead_letters WHERE queue = ? ORDER BY seq DESC LIMIT ?",
                arguments: [name, limit]
            ).map { row in
                DeadLetter(
                    id: row["id"],
                    body: row["body"],
                    reason: row["reason"],
                    receiveCount: row["receive_count"],
                    deadLetteredAt: Date(timeIntervalSince1970: row["dead_lettered_at"])
                )
            }
        }
    }

    public func redrive(_ bodies: [String: Data]) async throws -> Set<String> {
        for (id, body) in bodies where body.count > IngestJob.maximumMessageBytes {
            throw QueueError(
                .messageTooLarge,
                "dead letter \(id) is \(body.count) bytes; the queue accepts at most \(IngestJob.maximumMessageBytes)"
            )
        }
        let time = now()
        return try await database.pool.write { [name] db in
            var moved: Set<String> = []
            for (id, body) in bodies {
                try db.execute(
                    sql: "DELETE FROM dead_letters WHERE queue = ? AND id = ?",
                    arguments: [name, id]
                )
                guard db.changesCount > 0 else { continue }
                try db.execute(
                    sql: "INSERT INTO queue_messages (id, queue, body, sent_at, visible_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, name, body, time, time]
                )
                moved.insert(id)
            }
            return moved
        }
    }

    public func approximateDepth() async throws -> QueueDepth {
        let time = now()
        return try await database.pool.read { [name] db in
            let visible =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM queue_messages WHERE queue = ? AND visible_at <= ?",
                    arguments: [name, time]
                ) ?? 0
            let inFlight =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM queue_messages WHERE queue = ? AND visible_at > ?",
                    arguments: [name, time]
                ) ?? 0
            let dead =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dead_letters WHERE queue = ?", arguments: [name]) ?? 0
            return QueueDepth(visible: visible, inFlight: inFlight, deadLetters: dead)
        }
    }

    private static func moveToDeadLetters(_ db: Database, seq: Int64, reason: String, time: Double) throws {
        try db.execute(
            sql: """
                INSERT INTO dead_letters (id, queue, body, reason, receive_count, sent_at, dead_lettered_at)
                SELECT id, queue, body, ?, receive_count, sent_at, ? FROM queue_messages WHERE seq = ?
                """,
            arguments: [reason, time, seq]
        )
        try db.execute(sql: "DELETE FROM queue_messages WHERE seq = ?", arguments: [seq])
    }

    private static func expired(_ message: QueueMessage) -> QueueError {
        QueueError(
            .receiptExpired,
            "message \(message.id) is no longer held by this receive (its visibility timeout ran out or it was deleted)"
        )
    }
}
