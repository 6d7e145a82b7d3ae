import Foundation
import IngestCore
import IngestSQLite
import Testing

@Suite("SQLite queue semantics")
struct SQLiteJobQueueTests {
    let test: TestDatabase
    let clock = ManualClock()
    let queue: SQLiteJobQueue

    init() throws {
        test = try TestDatabase()
        let clock = self.clock
        queue = SQLiteJobQueue(database: test.database, maxReceives: 3, now: { clock.now })
    }

    @Test func aReceivedMessageIsInvisibleUntilItsTimeoutRunsOut() async throws {
        try await queue.send(Data("one".utf8))
        let first = try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(first.count == 1)
        #expect(first[0].receiveCount == 1)
        #expect(try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        clock.advance(29)
        #expect(try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        clock.advance(2)
        let again = try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(again.map(\.id) == first.map(\.id))
        #expect(again[0].receiveCount == 2)
        #expect(again[0].receiptHandle != first[0].receiptHandle)
        #expect(again[0].body == Data("one".utf8))
    }

    @Test func deleteNeedsTheCurrentReceipt() async throws {
        try await queue.send(Data("one".utf8))
        let first = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(10), wait: .zero)[0]
        clock.advance(11)
        let second = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(10), wait: .zero)[0]
        await #expect(throws: QueueError.self) { try await queue.delete(first) }
        try await queue.delete(second)
        clock.advance(100)
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(10), wait: .zero).isEmpty)
        #expect(try await queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
    }

    @Test func changeVisibilityExtendsOrReleases() async throws {
        try await queue.send(Data("one".utf8))
        let message = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(10), wait: .zero)[0]
        clock.advance(8)
        try await queue.changeVisibility(message, timeout: .seconds(60))
        clock.advance(30)
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(10), wait: .zero).isEmpty)
        try await queue.changeVisibility(message, timeout: .zero)
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(10), wait: .zero).count == 1)
    }

    @Test func pastMaxReceivesAMessageIsDeadLetteredWithTheReason() async throws {
        try await queue.send(Data("poison".utf8))
        for attempt in 1...3 {
            let messages = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .zero)
            #expect(messages.first?.receiveCount == attempt)
            clock.advance(6)
        }
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .zero).isEmpty)
        let letters = try await queue.deadLetters(limit: 10)
        #expect(letters.count == 1)
        #expect(letters[0].body == Data("poison".utf8))
        #expect(letters[0].receiveCount == 3)
        #expect(letters[0].reason.contains("received 3 times"))
    }

    @Test func aConsumerCanDeadLetterWithItsOwnReason() async throws {
        try await queue.send(Data("{bad".utf8))
        try await queue.send(Data("good".utf8))
        let bad = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .zero)[0]
        try await queue.deadLetter(bad, reason: "invalid job message: (message): is not valid JSON")
        let next = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .zero)
        #expect(next.first?.body == Data("good".utf8))
        let letters = try await queue.deadLetters(limit: 10)
        #expect(letters.map(\.reason) == ["invalid job message: (message): is not valid JSON"])
    }

    @Test func messagesComeOutInOrderAndOnlyOnce() async throws {
        for index in 0..<20 { try await queue.send(Data("\(index)".utf8)) }
        var seen: [String] = []
        while true {
            let batch = try await queue.receive(maxMessages: 7, visibilityTimeout: .seconds(60), wait: .zero)
            if batch.isEmpty { break }
            seen += batch.map { String(decoding: $0.body, as: UTF8.self) }
        }
        #expect(seen == (0..<20).map(String.init))
    }

    @Test func queuesInOneFileAreSeparate() async throws {
        let other = SQLiteJobQueue(database: test.database, name: "other")
        try await other.send(Data("x".utf8))
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .zero).isEmpty)
        #expect(try await other.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .zero).count == 1)
    }

    @Test func longPollWaitsForAMessage() async throws {
        let realQueue = SQLiteJobQueue(database: test.database, name: "poll", pollInterval: .milliseconds(20))
        async let received = realQueue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .seconds(5))
        try await Task.sleep(for: .milliseconds(100))
        try await realQueue.send(Data("late".utf8))
        #expect(try await received.first?.body == Data("late".utf8))
    }
}
