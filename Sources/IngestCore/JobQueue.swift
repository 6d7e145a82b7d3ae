public import Foundation

/// A work queue with SQS semantics.
///
/// A received message stays invisible for its visibility timeout and comes back if it is not
/// deleted in time (at-least-once). Each receive increments its receive count; past the queue's
/// maximum it moves to the dead letters with the reason. Consumers may also dead-letter a message
/// they cannot run.
public protocol JobQueue: Sendable {
    /// Enqueues one message body and returns its id.
    @discardableResult
    func send(_ body: Data) async throws -> String

    /// Enqueues one message body that becomes visible only after `delay` (at most 15 minutes, as on
    /// SQS), with a receive count of 0, and returns its id.
    func send(_ body: Data, delay: Duration) async throws -> String

    /// Enqueues several bodies (SQS sends them 10 to a request) and returns their ids in order.
    @discardableResult
    func sendBatch(_ bodies: [Data]) async throws -> [String]

    /// Receives up to `maxMessages`, waiting up to `wait` for the first one (long polling).
    func receive(maxMessages: Int, visibilityTimeout: Duration, wait: Duration) async throws -> [QueueMessage]

    /// Removes a message that was handled. Throws ``QueueError`` when the receipt is no longer valid.
    func delete(_ message: QueueMessage) async throws

    /// Extends (or with `.zero` ends) the invisibility of a message in hand — the worker's heartbeat.
    func changeVisibility(_ message: QueueMessage, timeout: Duration) async throws

    /// Moves a message that cannot be run to the dead letters with `reason`.
    func deadLetter(_ message: QueueMessage, reason: String) async throws

    /// Dead-lettered messages, newest first.
    func deadLetters(limit: Int) async throws -> [DeadLetter]

    /// Puts dead letters back on the queue. Each id in `bodies` (a ``DeadLetter/id``) is removed from
    /// the dead letters and enqueued again with the given body (the original, or a fixed one) and a
    /// receive count starting over; the move of each message is atomic, so none is lost or doubled.
    /// Returns the ids that were moved; ids that are not (or no longer) dead letters are left out.
    func redrive(_ bodies: [String: Data]) async throws -> Set<String>

    /// Messages waiting or in flight.
    func approximateDepth() async throws -> QueueDepth
}

extension JobQueue {
    /// One `send` per body, for queues without a batch operation.
    @discardableResult
    public func sendBatch(_ bodies: [Data]) async throws -> [String] {
        var ids: [String] = []
        for body in bodies { ids.append(try await send(body)) }
        return ids
    }
}

/// A message in hand.
public struct QueueMessage: Sendable, Hashable {
    public var id: String
    /// Valid for this receive only; a later receive of the same message gets a new one.
    public var receiptHandle: String
    public var body: Data
    /// How many times the message has been received, this time included.
    public var receiveCount: Int

    public init(id: String, receiptHandle: String, body: Data, receiveCount: Int) {
        self.id = id
        self.receiptHandle = receiptHandle
        self.body = body
        self.receiveCount = receiveCount
    }
}

/// A message that could not be run, and why.
public struct DeadLetter: Sendable, Hashable {
    public var id: String
    public var body: Data
    public var reason: String
    public var receiveCount: Int
    public var deadLetteredAt: Date

    public init(id: String, body: Data, reason: String, receiveCount: Int, deadLetteredAt: Date) {
        self.id = id
        self.body = body
        self.reason = reason
        self.receiveCount = receiveCount
        self.deadLetteredAt = deadLetteredAt
    }
}

public struct QueueDepth: Sendable, Hashable {
    public var visible: Int
    public var inFlight: Int
    public var deadLetters: Int

    public init(visible: Int, inFlight: Int, deadLetters: Int) {
        self.visible = visible
        self.inFlight = inFlight
        self.deadLetters = deadLetters
    }
}

/// A queue operation that failed for a reason the caller can act on.
public struct QueueError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The receipt handle belongs to an earlier receive: the message became visible again.
        case receiptExpired
        case messageTooLarge
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
