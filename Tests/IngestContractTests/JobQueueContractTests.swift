import Foundation
import IngestCore
import Synchronization
import Testing

@Suite("JobQueue contract", .timeLimit(.minutes(10)))
struct JobQueueContractTests {
    /// Receives without waiting; `visibility` is in the harness's time scale.
    func receive(
        _ harness: QueueHarness,
        max: Int = 10,
        visibility: Double = 2
    ) async throws -> [QueueMessage] {
        try await harness.queue.receive(maxMessages: max, visibilityTimeout: harness.duration(visibility), wait: .zero)
    }

    @Test(arguments: QueueBackend.allCases)
    func aDelayedMessageAppearsOnlyOnceItsDelayHasPassedWithAFreshReceiveCount(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let sentAt = ContinuousClock.now
            let id = try await harness.queue.send(Data("later".utf8), delay: harness.duration(2))
            let early = try await receive(harness)
            // (A loaded real-time backend may take past most of the delay to get here: then it proves nothing.)
            if ContinuousClock.now - sentAt < harness.duration(1.6) {
                #expect(early.isEmpty)
            }
            try await harness.passTime(2.5)
            var received = try await receive(harness)
            for _ in 0..<20 where received.isEmpty && harness.clock == nil {
                try await Task.sleep(for: .milliseconds(250))
                received = try await receive(harness)
            }
            #expect(received.map(\.id) == [id] || early.map(\.id) == [id])
            #expect((received.first ?? early.first)?.receiveCount == 1)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aReceivedMessageIsInvisibleUntilItsTimeoutRunsOut(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let id = try await harness.queue.send(Data("one".utf8))
            let receivedAt = ContinuousClock.now
            let first = try await receive(harness)
            #expect(first.map(\.id) == [id])
            #expect(first.first?.receiveCount == 1)
            #expect(first.first?.body == Data("one".utf8))
            #expect(try await receive(harness).isEmpty)
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 1, deadLetters: 0))
            try await harness.passTime(1)
            // Still invisible half-way through its timeout. (On a real-time backend under heavy load the
            // calls above can take seconds; past 80% of the timeout the check proves nothing, so it is
            // left out rather than made to receive the message early.)
            if ContinuousClock.now - receivedAt < harness.duration(1.6) {
                #expect(try await receive(harness).isEmpty)
            }
            try await harness.passTime(1.5)
            let again = try await receive(harness)
            #expect(again.map(\.id) == [id])
            #expect(again.first?.receiveCount == 2)
            #expect(again.first?.receiptHandle != first.first?.receiptHandle)
            #expect(again.first?.body == Data("one".utf8))
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func deleteNeedsTheCurrentReceipt(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            try await harness.queue.send(Data("one".utf8))
            let first = try #require(try await receive(harness, max: 1, visibility: 1).first)
            try await harness.passTime(1.5)
            let second = try #require(try await receive(harness, max: 1, visibility: 1).first)
            if backend.rejectsStaleReceipts {
                await #expect(throws: QueueError.self) { try await harness.queue.delete(first) }
                await #expect(throws: QueueError.self) {
                    try await harness.queue.changeVisibility(first, timeout: .zero)
                }
                await #expect(throws: QueueError.self) { try await harness.queue.deadLetter(first, reason: "late") }
            }
            try await harness.queue.delete(second)
            if backend.rejectsStaleReceipts {
                await #expect(throws: QueueError.self) { try await harness.queue.delete(second) }
            }
            try await harness.passTime(1.5)
            #expect(try await receive(harness).isEmpty)
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func changeVisibilityExtendsOrReleases(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            // On a real-time backend (SQS on moto) a loaded machine can take longer than a timeout
            // between two calls, and then the check proves nothing: it is made again with a new
            // message (an injected clock never misses).
            for attempt in 1...5 {
                try await harness.queue.send(Data("one".utf8))
                let receivedAt = ContinuousClock.now
                let message = try #require(try await receive(harness, max: 1, visibility: 1).first)
                try await harness.passTime(0.5)
                try await harness.queue.changeVisibility(message, timeout: harness.duration(2))
                let extendedAt = ContinuousClock.now
                try await harness.passTime(1)  // past the first timeout, within the extension
                let early = try await receive(harness)
                let checkedAt = ContinuousClock.now
                if harness.clock == nil, attempt < 5,
                    extendedAt - receivedAt >= harness.duration(0.8) || checkedAt - extendedAt >= harness.duration(1.6)
                {
                    for stale in early + [message] { try? await harness.queue.delete(stale) }
                    continue
                }
                #expect(early.isEmpty)
                try await harness.queue.changeVisibility(message, timeout: .zero)
                let again = try await receive(harness)
                #expect(again.map(\.id) == [message.id])
                #expect(again.first?.receiveCount == 2)
                break
            }
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func pastMaxReceivesAMessageIsDeadLetteredWithTheReason(backend: QueueBackend) async throws {
        try await backend.withQueue(maxReceives: 3) { harness in
            try await harness.queue.send(Data("poison".utf8))
            for attempt in 1...3 {
                let messages = try await receive(harness, max: 1, visibility: 1)
                #expect(messages.first?.receiveCount == attempt)
                try await harness.passTime(1.5)
            }
            #expect(try await receive(harness, max: 1).isEmpty)
            let letters = try await harness.queue.deadLetters(limit: 10)
            #expect(letters.count == 1)
            #expect(letters.first?.body == Data("poison".utf8))
            #expect(letters.first?.receiveCount == 3)
            #expect(letters.first?.reason.contains("received 3 times without being deleted") == true)
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 1))
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aConsumerCanDeadLetterWithItsOwnReason(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let badID = try await harness.queue.send(Data("{bad".utf8))
            try await harness.queue.send(Data("good".utf8))
            let bad = try #require(try await receive(harness, max: 1).first)
            #expect(bad.id == badID)
            try await harness.queue.deadLetter(bad, reason: "invalid job message: (message): is not valid JSON")
            let next = try await receive(harness, max: 1)
            #expect(next.first?.body == Data("good".utf8))
            let letters = try await harness.queue.deadLetters(limit: 10)
            #expect(letters.map(\.reason) == ["invalid job message: (message): is not valid JSON"])
            #expect(letters.map(\.id) == [badID])
            #expect(letters.first?.receiveCount == 1)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func redriveMovesChosenDeadLettersBackWithTheirFixedBodies(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            for body in ["{broken", "{also broken"] { try await harness.queue.send(Data(body.utf8)) }
            for _ in 0..<2 {
                let message = try #require(try await receive(harness, max: 1).first)
                try await harness.queue.deadLetter(message, reason: "invalid job message")
            }
            let letters = try await harness.queue.deadLetters(limit: 10)
            #expect(letters.count == 2)
            let fixedID = try #require(letters.first { $0.body == Data("{broken".utf8) }?.id)
            let moved = try await harness.queue.redrive([fixedID: Data("{fixed}".utf8), "no-such-id": Data("x".utf8)])
            #expect(moved == [fixedID])
            // Back on the queue with the fixed body and a fresh receive count; the other stays dead.
            let again = try #require(try await receive(harness, max: 1).first)
            #expect(again.body == Data("{fixed}".utf8))
            #expect(again.receiveCount == 1)
            #expect(try await harness.queue.deadLetters(limit: 10).map(\.body) == [Data("{also broken".utf8)])
            // Redriving the same id again finds nothing to move.
            #expect(try await harness.queue.redrive([fixedID: Data("{fixed}".utf8)]).isEmpty)
            try await harness.queue.delete(again)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func deadLettersComeNewestFirst(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            for index in 0..<3 { try await harness.queue.send(Data("\(index)".utf8)) }
            for index in 0..<3 {
                let message = try #require(try await receive(harness, max: 1).first)
                try await harness.queue.deadLetter(message, reason: "reason \(index)")
                try await harness.passTime(0.01)
            }
            #expect(
                try await harness.queue.deadLetters(limit: 10).map(\.reason) == ["reason 2", "reason 1", "reason 0"]
            )
            #expect(try await harness.queue.deadLetters(limit: 2).map(\.reason) == ["reason 2", "reason 1"])
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func messagesComeOutInOrderAndOnlyOnce(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let ids = try await harness.queue.sendBatch((0..<12).map { Data("\($0)".utf8) })
            for index in 12..<20 { try await harness.queue.send(Data("\(index)".utf8)) }
            #expect(ids.count == 12)
            #expect(Set(ids).count == 12)
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 20, inFlight: 0, deadLetters: 0))
            var seen: [String] = []
            var seenIDs: [String] = []
            while true {
                let batch = try await receive(harness, max: 7, visibility: 60)
                if batch.isEmpty { break }
                seen += batch.map { String(decoding: $0.body, as: UTF8.self) }
                seenIDs += batch.map(\.id)
            }
            #expect(seen == (0..<20).map(String.init))
            #expect(Array(seenIDs.prefix(12)) == ids)
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 20, deadLetters: 0))
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func namedQueuesAreSeparate(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let other = harness.makeQueue("other")
            try await other.send(Data("x".utf8))
            #expect(try await receive(harness, max: 1).isEmpty)
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
            let message = try #require(
                try await other.receive(maxMessages: 1, visibilityTimeout: harness.duration(2), wait: .zero).first
            )
            try await other.deadLetter(message, reason: "r")
            #expect(try await harness.queue.deadLetters(limit: 10).isEmpty)
            #expect(try await other.deadLetters(limit: 10).count == 1)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aReceiptOnlyActsOnTheQueueThatHandedItOut(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let other = harness.makeQueue("other")
            try await other.send(Data("x".utf8))
            let message = try #require(
                try await other.receive(maxMessages: 1, visibilityTimeout: harness.duration(60), wait: .zero).first
            )
            // Another queue refuses the receipt (SQS may accept the call, but it acts on nothing there).
            if backend.rejectsStaleReceipts {
                await #expect(throws: QueueError.self) { try await harness.queue.delete(message) }
                await #expect(throws: QueueError.self) {
                    try await harness.queue.changeVisibility(message, timeout: .zero)
                }
                await #expect(throws: QueueError.self) {
                    try await harness.queue.deadLetter(message, reason: "wrong queue")
                }
            } else {
                try? await harness.queue.delete(message)
                try? await harness.queue.changeVisibility(message, timeout: .zero)
                try? await harness.queue.deadLetter(message, reason: "wrong queue")
            }
            // The message is untouched: still held on its own queue, not visible, not dead-lettered.
            #expect(try await other.approximateDepth() == QueueDepth(visible: 0, inFlight: 1, deadLetters: 0))
            #expect(try await harness.queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
            #expect(
                try await other.receive(maxMessages: 1, visibilityTimeout: harness.duration(2), wait: .zero).isEmpty
            )
            try await other.delete(message)
            #expect(try await other.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func oversizedMessagesAreRefused(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let body = Data(repeating: 0x61, count: IngestJob.maximumMessageBytes + 1)
            await #expect(throws: QueueError.self) { try await harness.queue.send(body) }
            try await harness.queue.send(Data(repeating: 0x61, count: IngestJob.maximumMessageBytes))
            let message = try #require(try await receive(harness, max: 1).first)
            #expect(message.body.count == IngestJob.maximumMessageBytes)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func longPollWaitsForAMessage(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let queue = harness.queue
            async let received = queue.receive(maxMessages: 1, visibilityTimeout: .seconds(5), wait: .seconds(5))
            try await Task.sleep(for: .milliseconds(300))
            try await queue.send(Data("late".utf8))
            #expect(try await received.first?.body == Data("late".utf8))
            let started = ContinuousClock.now
            let nothing = try await queue.receive(
                maxMessages: 1,
                visibilityTimeout: .seconds(5),
                wait: .milliseconds(500)
            )
            #expect(nothing.isEmpty)
            #expect(ContinuousClock.now - started >= .milliseconds(450))
        }
    }

    /// Three consumers drain 60 messages at once: every message is delivered, and none to two consumers
    /// while it is invisible.
    @Test(arguments: QueueBackend.allCases)
    func concurrentConsumersGetEachMessageExactlyOnce(backend: QueueBackend) async throws {
        try await backend.withQueue { harness in
            let queue = harness.queue
            let sent = try await queue.sendBatch((0..<60).map { Data("message \($0)".utf8) })
            let delivered = DeliveryLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        while true {
                            let batch = try await queue.receive(
                                maxMessages: 4,
                                visibilityTimeout: .seconds(60),
                                wait: .zero
                            )
                            if batch.isEmpty {
                                if try await queue.approximateDepth().visible == 0 { return }
                                try await Task.sleep(for: .milliseconds(10))
                                continue
                            }
                            delivered.record(batch.map(\.id))
                            for message in batch { try await queue.delete(message) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let ids = delivered.ids
            #expect(Set(ids) == Set(sent))
            if backend.receivesAtomically {
                #expect(ids.count == 60)
            } else {
                // moto's receive is not atomic under concurrent callers (real SQS is at-least-once
                // anyway): every message arrives, a rare duplicate is tolerated — never a loss.
                #expect(ids.count <= 63)
            }
            #expect(try await queue.approximateDepth() == QueueDepth(visible: 0, inFlight: 0, deadLetters: 0))
        }
    }
}
