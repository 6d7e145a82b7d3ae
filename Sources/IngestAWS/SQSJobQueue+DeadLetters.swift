public import Foundation
public import IngestCore
import Logging

extension SQSJobQueue {
    /// The dead-letter queue named by the queue's `RedrivePolicy`.
    struct DeadLetterTarget: Sendable, Hashable {
        var arn: String
        var queueURL: String
        var maxReceiveCount: Int
    }

    /// How long `deadLetters(limit:)` hides the messages it reads before releasing them.
    static let peekHoldSeconds = 30

    /// Moves `message` to the queue's dead-letter queue with `reason` (message attribute
    /// `ingest_reason`), then deletes it from this queue.
    ///
    /// The receipt is checked first (a ``QueueError`` `receiptExpired` if the message is no longer
    /// held), so a message another consumer now holds is not copied. Throws ``AWSError``
    /// `NoRedrivePolicy` when the queue has no dead-letter queue.
    public func deadLetter(_ message: QueueMessage, reason: String) async throws {
        let target = try await requireDeadLetterTarget()
        try await changeVisibility(message, timeout: .seconds(60))
        let attributes: [String: SQSWire.MessageAttribute] = [
            "ingest_reason": .init(dataType: "String", stringValue: Self.attributeText(reason)),
            "ingest_receive_count": .init(dataType: "Number", stringValue: "\(message.receiveCount)"),
            // The original id (SQS gives the copy a new one) and a precise time, for ordering.
            "ingest_message_id": .init(dataType: "String", stringValue: message.id),
            "ingest_dead_lettered_at": .init(dataType: "Number", stringValue: "\(Date().timeIntervalSince1970)"),
        ]
        let copy = try await perform(
            "SendMessage",
            SQSWire.SendMessage(
                queueURL: target.queueURL,
                messageBody: String(decoding: message.body, as: UTF8.self),
                messageAttributes: attributes
            ),
            missingQueueMessage: missingDeadLetterQueueMessage(target.arn),
            as: SQSWire.SendMessageResult.self
        )
        try await delete(message)
        logger.debug(
            "sqs message dead-lettered",
            metadata: ["sqs.message_id": "\(message.id)", "sqs.dead_letter_id": "\(copy.messageID)"]
        )
    }

    /// How many dead letters ``deadLetters(limit:)`` looks at to find the newest.
    static let deadLetterScanLimit = 100

    /// Up to `limit` messages of the dead-letter queue, newest first, without removing them (the
    /// newest among the first ``deadLetterScanLimit`` SQS returns, for larger dead-letter queues).
    ///
    /// The messages are received with `MessageAttributeNames ["All"]` in rounds of 10 (hidden for a
    /// few seconds so that later rounds see further ones) and made visible again at the end. The
    /// reason is the `ingest_reason` attribute, else "moved by the queue's redrive policy after N
    /// receives" (N = the policy's `maxReceiveCount`: SQS moves a message once its receive count
    /// exceeds it). `deadLetteredAt` is the message's `SentTimestamp` in the dead-letter queue.
    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        guard limit > 0 else { return [] }
        let target = try await requireDeadLetterTarget()
        let held = try await holdDeadLetters(target, scan: max(limit, Self.deadLetterScanLimit))
        await release(held, from: target)
        let letters = held.map { deadLetter($0, target: target) }
        return Array(letters.sorted { $0.deadLetteredAt > $1.deadLetteredAt }.prefix(limit))
    }

    /// Puts dead letters back on this queue: each one whose id is in `bodies` is sent here with the
    /// given body, then deleted from the dead-letter queue (among the first ``deadLetterScanLimit`` SQS
    /// returns, or as many as `bodies` names if more). The rest are made visible again.
    ///
    /// The copy is sent before the original is deleted, so a failure in between leaves a duplicate
    /// (which the pipeline's idempotent upserts absorb), never a loss.
    public func redrive(_ bodies: [String: Data]) async throws -> Set<String> {
        guard !bodies.isEmpty else { return [] }
        let texts = try bodies.mapValues(messageText)
        let target = try await requireDeadLetterTarget()
        let held = try await holdDeadLetters(target, scan: max(bodies.count, Self.deadLetterScanLimit))
        var moved: Set<String> = []
        var untouched: [SQSWire.ReceiveMessageResult.Message] = []
        do {
            for message in held {
                let id = deadLetter(message, target: target).id
                guard let text = texts[id], !moved.contains(id) else {
                    untouched.append(message)
                    continue
                }
                _ = try await perform(
                    "SendMessage",
                    SQSWire.SendMessage(queueURL: queueURL, messageBody: text),
                    as: SQSWire.SendMessageResult.self
                )
                _ = try await perform(
                    "DeleteMessage",
                    SQSWire.DeleteMessage(queueURL: target.queueURL, receiptHandle: message.receiptHandle),
                    missingQueueMessage: missingDeadLetterQueueMessage(target.arn),
                    as: AWSJSONClient.EmptyResponse.self
                )
                moved.insert(id)
            }
        } catch {
            await release(held.filter { !moved.contains(deadLetter($0, target: target).id) }, from: target)
            throw error
        }
        await release(untouched, from: target)
        logger.debug("sqs dead letters redriven", metadata: ["sqs.count": "\(moved.count)"])
        return moved
    }

    /// Receives up to `scan` messages of the dead-letter queue with their attributes, in rounds of 10
    /// (hidden for ``peekHoldSeconds`` so that later rounds see further ones). The caller releases them.
    private func holdDeadLetters(
        _ target: DeadLetterTarget,
        scan: Int
    ) async throws -> [SQSWire.ReceiveMessageResult.Message] {
        var held: [SQSWire.ReceiveMessageResult.Message] = []
        var seen: Set<String> = []
        do {
            var rounds = 0
            // SQS returns messages in no particular order: look at up to `scan` of them.
            while held.count < scan && rounds < scan / 10 + 3 {
                rounds += 1
                let result = try await perform(
                    "ReceiveMessage",
                    SQSWire.ReceiveMessage(
                        queueURL: target.queueURL,
                        maxNumberOfMessages: min(10, scan - held.count),
                        // A short poll samples only some SQS servers; one second of long poll sees them all.
                        waitTimeSeconds: 1,
                        visibilityTimeout: Self.peekHoldSeconds,
                        messageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
                        attributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
                        messageAttributeNames: ["All"]
                    ),
                    missingQueueMessage: missingDeadLetterQueueMessage(target.arn),
                    as: SQSWire.ReceiveMessageResult.self
                )
                let fresh = result.messages.filter { seen.insert($0.messageID).inserted }
                if fresh.isEmpty { break }
                held += fresh
            }
        } catch {
            await release(held, from: target)
            throw error
        }
        return held
    }

    /// A received dead-letter-queue message as a ``DeadLetter``.
    private func deadLetter(_ message: SQSWire.ReceiveMessageResult.Message, target: DeadLetterTarget) -> DeadLetter {
        let attributes = message.messageAttributes
        let sent =
            attributes["ingest_dead_lettered_at"]?.stringValue.flatMap(Double.init)
            ?? Double(message.attributes["SentTimestamp"] ?? "").map { $0 / 1000 }
        return DeadLetter(
            id: attributes["ingest_message_id"]?.stringValue ?? message.messageID,
            body: Data(message.body.utf8),
            reason: attributes["ingest_reason"]?.stringValue
                ?? "received \(target.maxReceiveCount) times without being deleted (maximum "
                + "\(target.maxReceiveCount)); moved by the queue's redrive policy",
            receiveCount: attributes["ingest_receive_count"]?.stringValue.flatMap { Int($0) }
                ?? target.maxReceiveCount,
            deadLetteredAt: sent.map { Date(timeIntervalSince1970: $0) } ?? Date()
        )
    }

    /// Messages waiting and in flight on this queue, and all messages of its dead-letter queue (0
    /// without one). SQS's counts are approximate.
    public func approximateDepth() async throws -> QueueDepth {
        let attributes = try await perform(
            "GetQueueAttributes",
            SQSWire.GetQueueAttributes(
                queueURL: queueURL,
                attributeNames: [
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "RedrivePolicy",
                ]
            ),
            as: SQSWire.GetQueueAttributesResult.self
        ).attributes
        var deadLetters = 0
        if let target = try await resolveDeadLetterTarget(redrivePolicy: attributes["RedrivePolicy"]) {
            let dead = try await perform(
                "GetQueueAttributes",
                SQSWire.GetQueueAttributes(
                    queueURL: target.queueURL,
                    attributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
                ),
                missingQueueMessage: missingDeadLetterQueueMessage(target.arn),
                as: SQSWire.GetQueueAttributesResult.self
            ).attributes
            deadLetters =
                Self.count(dead, "ApproximateNumberOfMessages")
                + Self.count(dead, "ApproximateNumberOfMessagesNotVisible")
        }
        return QueueDepth(
            visible: Self.count(attributes, "ApproximateNumberOfMessages"),
            inFlight: Self.count(attributes, "ApproximateNumberOfMessagesNotVisible"),
            deadLetters: deadLetters
        )
    }

    /// The dead-letter queue, or an error saying how to configure one.
    func requireDeadLetterTarget() async throws -> DeadLetterTarget {
        if let cached = deadLetterTargetCache.value { return cached }
        let attributes = try await perform(
            "GetQueueAttributes",
            SQSWire.GetQueueAttributes(queueURL: queueURL, attributeNames: ["RedrivePolicy"]),
            as: SQSWire.GetQueueAttributesResult.self
        ).attributes
        guard let target = try await resolveDeadLetterTarget(redrivePolicy: attributes["RedrivePolicy"]) else {
            throw AWSError(
                code: "NoRedrivePolicy",
                message: "SQS queue \(queueURL) has no dead-letter queue: configure a RedrivePolicy with a "
                    + "deadLetterTargetArn (and a maxReceiveCount, e.g. 5) on it, so messages that cannot be run are kept",
                service: "sqs",
                operation: "GetQueueAttributes"
            )
        }
        return target
    }

    /// Parses a `RedrivePolicy` attribute and finds its queue's URL (`GetQueueUrl` with the name and
    /// account of the ARN), caching the result.
    func resolveDeadLetterTarget(redrivePolicy: String?) async throws -> DeadLetterTarget? {
        guard let text = redrivePolicy, !text.isEmpty,
            let policy = try? JSONDecoder().decode(SQSWire.RedrivePolicy.self, from: Data(text.utf8))
        else {
            deadLetterTargetCache.value = nil
            return nil
        }
        if var cached = deadLetterTargetCache.value, cached.arn == policy.deadLetterTargetARN {
            cached.maxReceiveCount = policy.maxReceiveCount
            deadLetterTargetCache.value = cached
            return cached
        }
        // arn:<partition>:sqs:<region>:<account>:<name>
        let parts = policy.deadLetterTargetARN.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sqs", !parts[4].isEmpty, !parts[5].isEmpty else {
            throw AWSError(
                code: "InvalidRedrivePolicy",
                message: "the RedrivePolicy of SQS queue \(queueURL) names \(policy.deadLetterTargetARN), which is not "
                    + "an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>): fix the policy",
                service: "sqs"
            )
        }
        let located = try await perform(
            "GetQueueUrl",
            SQSWire.GetQueueURL(queueName: String(parts[5]), queueOwnerAWSAccountID: String(parts[4])),
            missingQueueMessage: missingDeadLetterQueueMessage(policy.deadLetterTargetARN),
            as: SQSWire.GetQueueURLResult.self
        )
        let target = DeadLetterTarget(
            arn: policy.deadLetterTargetARN,
            queueURL: located.queueURL,
            maxReceiveCount: policy.maxReceiveCount
        )
        deadLetterTargetCache.value = target
        return target
    }

    /// Makes messages read by `deadLetters(limit:)` visible again; failures only delay that.
    private func release(_ messages: [SQSWire.ReceiveMessageResult.Message], from target: DeadLetterTarget) async {
        var start = 0
        while start < messages.count {
            let chunk = messages[start..<min(start + 10, messages.count)]
            let entries = chunk.enumerated().map { offset, message in
                SQSWire.ChangeMessageVisibilityBatch.Entry(
                    id: "r\(offset)",
                    receiptHandle: message.receiptHandle,
                    visibilityTimeout: 0
                )
            }
            do {
                _ = try await client.call(
                    "ChangeMessageVisibilityBatch",
                    SQSWire.ChangeMessageVisibilityBatch(queueURL: target.queueURL, entries: entries),
                    as: SQSWire.BatchResult.self
                )
            } catch {
                logger.warning(
                    "sqs dead letters stay hidden until their visibility timeout ends",
                    metadata: [
                        "sqs.count": "\(entries.count)", "error.code": "\((error as? AWSError)?.code ?? "unknown")",
                    ]
                )
            }
            start += 10
        }
    }

    func missingDeadLetterQueueMessage(_ arn: String) -> String {
        "the dead-letter queue \(arn) named in the RedrivePolicy of SQS queue \(queueURL) does not exist: create it "
            + "or fix the policy"
    }

    /// A reason as an SQS string attribute: characters SQS refuses replaced, at most 4 KiB, never empty.
    static func attributeText(_ reason: String) -> String {
        var scalars = String.UnicodeScalarView()
        var bytes = 0
        for scalar in reason.unicodeScalars {
            let allowed = isAllowed(scalar) ? scalar : "\u{FFFD}"
            bytes += String(allowed).utf8.count
            if bytes > 4096 { break }
            scalars.append(allowed)
        }
        let text = String(scalars)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "(no reason given)" : text
    }

    static func count(_ attributes: [String: String], _ name: String) -> Int {
        Int(attributes[name] ?? "") ?? 0
    }
}
