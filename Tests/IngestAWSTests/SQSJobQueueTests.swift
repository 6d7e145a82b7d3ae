import AsyncHTTPClient
import Foundation
import IngestAWS
import IngestCore
import Testing

/// `SQSJobQueue` against a local moto server (`INGEST_TEST_AWS_ENDPOINT`); each test makes its own
/// queues.
@Suite("SQS job queue against moto")
struct SQSJobQueueTests {
    func queue(_ url: String, configuration: AWSConfiguration? = nil) throws -> SQSJobQueue {
        try SQSJobQueue(
            queueURL: url,
            configuration: try configuration ?? Moto.configuration(),
            httpClient: .shared,
            logger: Moto.logger,
            retryPolicy: Moto.retryPolicy
        )
    }

    /// Receives until `count` messages arrived or `rounds` receives came back empty-handed.
    func receiveAll(_ queue: SQSJobQueue, count: Int, rounds: Int = 5) async throws -> [QueueMessage] {
        var messages: [QueueMessage] = []
        var empty = 0
        while messages.count < count && empty < rounds {
            let batch = try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .seconds(1))
            if batch.isEmpty { empty += 1 }
            messages += batch
        }
        return messages
    }

    @Test func sendAndReceiveKeepTheExactBytes() async throws {
        let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
        let body = Data(#"{"tenant_id": "acme", "note": "naïve café ✓ 😀", "tab": "\t", "lines": "a\nb\r\n"}"#.utf8)
        let id = try await queue.send(body)
        let messages = try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .seconds(2))
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.id == id)
        #expect(message.body == body)
        #expect(message.receiveCount == 1)
        #expect(!message.receiptHandle.isEmpty)
        #expect(try await queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 1, deadLetters: 0))
        try await queue.delete(message)
        #expect(try await queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
    }

    @Test func sendBatchOf23Messages() async throws {
        let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
        let bodies = (0..<23).map { Data(#"{"n": \#($0)}"#.utf8) }
        let ids = try await queue.sendBatch(bodies)
        #expect(ids.count == 23)
        #expect(Set(ids).count == 23)
        #expect(try await queue.approximateDepth().visible == 23)
        let received = try await receiveAll(queue, count: 23)
        #expect(Set(received.map(\.body)) == Set(bodies))
        #expect(
            Dictionary(uniqueKeysWithValues: received.map { ($0.id, $0.body) })
                == Dictionary(
                    uniqueKeysWithValues: zip(ids, bodies).map { ($0, $1) }
                )
        )
    }

    @Test func theReceiveCountGrowsWhenTheVisibilityTimeoutRunsOut() async throws {
        // moto keeps real time. When the early receive came back within 1.6 s of the first, the message
        // must still be invisible; when a loaded machine took longer, it may already be back, and then it
        // must be the same message received a second time. Either way the next receive after the timeout
        // counts one more. A slow attempt is tried again on a new queue, so the first case is checked too
        // unless the machine is slow every time.
        for _ in 1...5 {
            let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
            try await queue.send(Data("again".utf8))
            let receivedAt = ContinuousClock.now
            let first = try #require(
                try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(2), wait: .seconds(1)).first
            )
            #expect(first.receiveCount == 1)
            let early = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(2), wait: .zero)
            let fast = ContinuousClock.now - receivedAt < .milliseconds(1_600)
            if fast {
                #expect(early.isEmpty)
            } else if let again = early.first {
                #expect(again.id == first.id)
                #expect(again.receiveCount == 2)
            }
            let second = try #require(
                try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(2), wait: .seconds(5)).first
            )
            #expect(second.id == first.id)
            #expect(second.receiveCount == 2 + early.count)
            #expect(second.receiptHandle != first.receiptHandle)
            if fast { break }
        }
    }

    @Test func changeVisibilityToZeroMakesTheMessageVisible() async throws {
        let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
        try await queue.send(Data("heartbeat".utf8))
        let message = try #require(
            try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .seconds(1)).first
        )
        try await queue.changeVisibility(message, timeout: .seconds(60))
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        try await queue.changeVisibility(message, timeout: .zero)
        let again = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .zero)
        #expect(again.map(\.id) == [message.id])
        #expect(again.first?.receiveCount == 2)
    }

    @Test func deleteRemovesAndAnUnknownReceiptIsExpired() async throws {
        let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
        try await queue.send(Data("done".utf8))
        let message = try #require(
            try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(1), wait: .seconds(1)).first
        )
        try await queue.delete(message)
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(1), wait: .zero).isEmpty)

        var stale = message
        stale.receiptHandle = "not-a-receipt-handle"
        let deleteError = try await #require(throws: QueueError.self) { try await queue.delete(stale) }
        #expect(deleteError.code == .receiptExpired)
        #expect(deleteError.message.contains(message.id))
        let changeError = try await #require(throws: QueueError.self) {
            try await queue.changeVisibility(stale, timeout: .zero)
        }
        #expect(changeError.code == .receiptExpired)
    }

    @Test func anOversizedMessageIsRefusedBeforeAnyRequest() async throws {
        // Nothing listens on port 9: a request would fail with a connection error, not this one.
        let unreachable = try queue(OfflineAWS.unreachableQueueURL, configuration: OfflineAWS.configuration)
        let big = Data(repeating: UInt8(ascii: "x"), count: 262_145)
        let error = try await #require(throws: QueueError.self) { try await unreachable.send(big) }
        #expect(error.code == .messageTooLarge)
        #expect(error.message.contains("262145 bytes"))
        #expect(error.message.contains("262144"))
        await #expect(throws: QueueError.self) { try await unreachable.sendBatch([Data("ok".utf8), big]) }

        // The batch is checked as a whole: nothing of it is sent.
        let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
        await #expect(throws: QueueError.self) { try await queue.sendBatch([Data("ok".utf8), big]) }
        #expect(try await queue.approximateDepth().visible == 0)
        try await queue.send(Data(repeating: UInt8(ascii: "y"), count: 262_144))
    }

    @Test func theRedrivePolicyMovesAMessageAfterMaxReceiveCount() async throws {
        let (main, _) = try await Moto.createQueueWithDeadLetterQueue(maxReceiveCount: 3)
        let queue = try queue(main)
        let id = try await queue.send(Data("poison".utf8))
        for attempt in 1...3 {
            let message = try #require(
                try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .seconds(1)).first
            )
            #expect(message.receiveCount == attempt)
            try await queue.changeVisibility(message, timeout: .zero)
        }
        #expect(try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .zero).isEmpty)
        let letters = try await queue.deadLetters(limit: 10)
        #expect(letters.count == 1)
        let letter = try #require(letters.first)
        #expect(letter.id == id)
        #expect(letter.body == Data("poison".utf8))
        #expect(
            letter.reason == "received 3 times without being deleted (maximum 3); moved by the queue's redrive policy"
        )
        #expect(letter.receiveCount == 3)
        #expect(abs(letter.deadLetteredAt.timeIntervalSinceNow) < 120)
        // Peeking leaves the dead letters where they are.
        #expect(try await queue.deadLetters(limit: 10).map(\.id) == [id])
        #expect(try await queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 1))
    }

    @Test func deadLetterMovesAMessageWithItsReason() async throws {
        let (main, _) = try await Moto.createQueueWithDeadLetterQueue()
        let queue = try queue(main)
        try await queue.send(Data("{bad".utf8))
        try await queue.send(Data("good".utf8))
        let messages = try await receiveAll(queue, count: 2)
        let bad = try #require(messages.first { $0.body == Data("{bad".utf8) })
        let good = try #require(messages.first { $0.body == Data("good".utf8) })
        try await queue.changeVisibility(good, timeout: .zero)

        let reason = "invalid job message: (message): is not valid JSON"
        try await queue.deadLetter(bad, reason: reason)
        let letters = try await queue.deadLetters(limit: 10)
        #expect(letters.map(\.reason) == [reason])
        #expect(letters.first?.body == Data("{bad".utf8))
        #expect(letters.first?.receiveCount == 1)
        let rest = try await receiveAll(queue, count: 1, rounds: 2)
        #expect(rest.map(\.body) == [Data("good".utf8)])
        #expect(try await queue.approximateDepth().deadLetters == 1)
        // The dead-lettered message is gone from the main queue: its receipt no longer works.
        await #expect(throws: (any Error).self) { try await queue.changeVisibility(bad, timeout: .zero) }
    }

    @Test func withoutARedrivePolicyDeadLetteringSaysHowToConfigureIt() async throws {
        let queue = try queue(try await Moto.createQueue(Moto.uniqueName("ingest-test")))
        try await queue.send(Data("x".utf8))
        let message = try #require(
            try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .seconds(1)).first
        )
        let error = try await #require(throws: AWSError.self) { try await queue.deadLetter(message, reason: "bad") }
        #expect(error.code == "NoRedrivePolicy")
        #expect(error.message.contains("configure a RedrivePolicy with a deadLetterTargetArn"))
        #expect(try await queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 1, deadLetters: 0))
    }

    @Test func aMissingQueueSaysToCreateItOrFixTheURL() async throws {
        let endpoint = try Moto.endpoint()
        let url = "\(endpoint)/123456789012/\(Moto.uniqueName("missing"))"
        let queue = try queue(url)
        let error = try await #require(throws: AWSError.self) { try await queue.send(Data("x".utf8)) }
        #expect(error.code == "QueueDoesNotExist")
        #expect(
            error.message
                == "SQS queue \(url) does not exist: create it (with a dead-letter queue in its redrive policy) or fix "
                + "INGEST_QUEUE_URL"
        )
        #expect(error.status == 400)
    }

    @Test func aQueueURLMustNameAQueue() throws {
        let error = try #require(throws: AWSError.self) {
            try queue("https://sqs.us-east-1.amazonaws.com/", configuration: OfflineAWS.configuration)
        }
        #expect(error.code == "InvalidQueueURL")
        #expect(error.message.contains("INGEST_QUEUE_URL"))
    }

    @Test func signingWithASessionTokenWorks() async throws {
        let configuration = try Moto.configuration(sessionToken: "FwoGZXIvYXdzEXAMPLE-session-token")
        let url = try await Moto.createQueue(Moto.uniqueName("ingest-test"), configuration: configuration)
        let queue = try queue(url, configuration: configuration)
        let id = try await queue.send(Data("temporary".utf8))
        let messages = try await queue.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .seconds(1))
        #expect(messages.map(\.id) == [id])
        try await queue.delete(try #require(messages.first))
    }
}
