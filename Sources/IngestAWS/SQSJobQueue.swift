public import AsyncHTTPClient
public import Foundation
public import IngestCore
public import IngestHTTP
public import Logging

/// A ``JobQueue`` on an Amazon SQS queue, spoken over AWS JSON 1.0 with SigV4.
///
/// Semantics match the embedded queue: a receive hides a message for the visibility timeout and
/// gives it a new receipt handle; `ApproximateReceiveCount` is the receive count; the queue's
/// `RedrivePolicy` moves a message to its dead-letter queue once it has been received more than
/// `maxReceiveCount` times, and ``deadLetter(_:reason:)`` moves one there at once with the reason
/// in the message attribute `ingest_reason`. The queue should have a redrive policy: without one,
/// dead-lettering is refused with an error that says how to add it.
///
/// SQS is at-least-once: a message may be delivered twice, so consumers must be idempotent.
public struct SQSJobQueue: JobQueue {
    /// The queue URL as given, e.g. `https://sqs.us-east-1.amazonaws.com/123456789012/ingest-jobs`.
    public let queueURL: String
    /// Bodies larger than this are refused before anything is sent. SQS allows up to 1 MiB today;
    /// 256 KiB was the limit before 2025 and is what older queues (`MaximumMessageSize`) and
    /// emulators still enforce.
    public let maxMessageBytes: Int
    let client: AWSJSONClient
    let logger: Logger
    let deadLetterTargetCache = LockedValue<DeadLetterTarget?>(nil)

    /// Opens the queue at `queueURL` (nothing is sent until the first call).
    ///
    /// Requests go to the endpoint set by `AWS_ENDPOINT_URL_SQS` / `AWS_ENDPOINT_URL` when there is
    /// one, else to the queue URL's own host (`sqs.<region>.amazonaws.com`, or a local emulator's
    /// `http://127.0.0.1:PORT`). They are signed for the region the host names, else for
    /// `configuration.region`.
    ///
    /// Throws ``AWSError`` `InvalidQueueURL` when `queueURL` is not `http(s)://host/<account>/<name>`.
    public init(
        queueURL: String,
        configuration: AWSConfiguration,
        httpClient: HTTPClient,
        logger: Logger,
        maxMessageBytes: Int = 262_144,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) throws {
        guard let url = URL(string: queueURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = url.host(percentEncoded: false), !host.isEmpty,
            url.pathComponents.filter({ $0 != "/" }).count == 2
        else {
            throw AWSError(
                code: "InvalidQueueURL",
                message: "\"\(queueURL.prefix(200))\" is not an SQS queue URL: use the QueueUrl of the queue, "
                    + "https://sqs.<region>.amazonaws.com/<account>/<name> (or http://127.0.0.1:PORT/<account>/<name> "
                    + "for a local emulator), in INGEST_QUEUE_URL"
            )
        }
        let region = Self.region(inQueueURL: queueURL) ?? configuration.region
        let isLegacyHost = host.lowercased().hasSuffix("queue.amazonaws.com")
        let origin = "\(scheme)://\(SigV4Signer.hostHeader(for: url))"
        let endpoint =
            configuration.endpointOverride(for: .sqs)
            ?? (isLegacyHost ? AWSConfiguration.publicEndpoint(for: .sqs, region: region) : origin)
        self.queueURL = queueURL
        self.maxMessageBytes = maxMessageBytes
        var logger = logger
        logger[metadataKey: "sqs.queue"] = "\(url.lastPathComponent)"
        self.logger = logger
        self.client = AWSJSONClient(
            service: .sqs,
            configuration: configuration,
            httpClient: httpClient,
            logger: logger,
            endpoint: endpoint,
            region: region,
            retryPolicy: retryPolicy
        )
    }

    /// The region named by a queue URL's host (`sqs.eu-west-1.amazonaws.com`,
    /// `eu-west-1.queue.amazonaws.com`; `queue.amazonaws.com` is `us-east-1`), else nil.
    public static func region(inQueueURL queueURL: String) -> String? {
        guard let host = URL(string: queueURL)?.host(percentEncoded: false)?.lowercased() else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        if host == "queue.amazonaws.com" { return "us-east-1" }
        if labels.count == 4, labels[0] == "sqs", labels[2] == "amazonaws", labels[3] == "com" { return labels[1] }
        if labels.count == 5, labels[0] == "sqs", labels[2...] == ["amazonaws", "com", "cn"] { return labels[1] }
        if labels.count == 4, labels[1...] == ["queue", "amazonaws", "com"] { return labels[0] }
        return nil
    }

    static let maxWaitSeconds = 20
    static let maxVisibilitySeconds = 43_200
    static let missingQueueCodes: Set<String> = [
        "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "NonExistentQueue",
    ]

    @discardableResult
    public func send(_ body: Data) async throws -> String {
        try await send(body, delay: .zero)
    }

    public func send(_ body: Data, delay: Duration) async throws -> String {
        let text = try messageText(body)
        let seconds = Self.wholeSeconds(delay, upTo: 900)
        let result = try await perform(
            "SendMessage",
            SQSWire.SendMessage(queueURL: queueURL, messageBody: text, delaySeconds: seconds > 0 ? seconds : nil),
            as: SQSWire.SendMessageResult.self
        )
        logger.debug("sqs message sent", metadata: ["sqs.message_id": "\(result.messageID)"])
        return result.messageID
    }

    public func receive(maxMessages: Int, visibilityTimeout: Duration, wait: Duration) async throws -> [QueueMessage] {
        let request = SQSWire.ReceiveMessage(
            queueURL: queueURL,
            maxNumberOfMessages: min(max(maxMessages, 1), 10),
            waitTimeSeconds: Self.wholeSeconds(wait, upTo: Self.maxWaitSeconds),
            visibilityTimeout: Self.wholeSeconds(visibilityTimeout, upTo: Self.maxVisibilitySeconds),
            messageSystemAttributeNames: ["ApproximateReceiveCount"],
            attributeNames: ["ApproximateReceiveCount"]
        )
        // The attempt deadline must outlast the long poll.
        let result = try await perform(
            "ReceiveMessage",
            request,
            as: SQSWire.ReceiveMessageResult.self,
            timeout: .seconds(request.waitTimeSeconds + 15)
        )
        if !result.messages.isEmpty {
            logger.debug("sqs messages received", metadata: ["sqs.count": "\(result.messages.count)"])
        }
        return result.messages.map { message in
            QueueMessage(
                id: message.messageID,
                receiptHandle: message.receiptHandle,
                body: Data(message.body.utf8),
                receiveCount: Int(message.attributes["ApproximateReceiveCount"] ?? "") ?? 1
            )
        }
    }

    public func delete(_ message: QueueMessage) async throws {
        try await withReceipt(of: message) {
            try await perform(
                "DeleteMessage",
                SQSWire.DeleteMessage(queueURL: queueURL, receiptHandle: message.receiptHandle),
                as: AWSJSONClient.EmptyResponse.self
            )
        }
        logger.debug("sqs message deleted", metadata: ["sqs.message_id": "\(message.id)"])
    }

    public func changeVisibility(_ message: QueueMessage, timeout: Duration) async throws {
        try await withReceipt(of: message) {
            try await perform(
                "ChangeMessageVisibility",
                SQSWire.ChangeMessageVisibility(
                    queueURL: queueURL,
                    receiptHandle: message.receiptHandle,
                    visibilityTimeout: Self.wholeSeconds(timeout, upTo: Self.maxVisibilitySeconds)
                ),
                as: AWSJSONClient.EmptyResponse.self
            )
        }
    }

    /// Calls SQS; a missing queue becomes an error that says to create it or fix the URL.
    func perform<Request: Encodable, Response: Decodable & Sendable>(
        _ operation: String,
        _ request: Request,
        missingQueueMessage: String? = nil,
        as response: Response.Type,
        timeout: Duration? = nil
    ) async throws -> Response {
        do {
            return try await client.call(operation, request, as: Response.self, timeout: timeout)
        } catch var error as AWSError where Self.missingQueueCodes.contains(error.code) {
            error.message =
                missingQueueMessage
                ?? "SQS queue \(queueURL) does not exist: create it (with a dead-letter queue in its redrive policy) "
                + "or fix INGEST_QUEUE_URL"
            throw error
        }
    }

    /// Runs a call that needs the message's current receipt; a stale receipt becomes
    /// ``QueueError`` `receiptExpired`.
    @discardableResult
    func withReceipt<Result>(of message: QueueMessage, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as AWSError where Self.isReceiptProblem(error) {
            throw QueueError(
                .receiptExpired,
                "message \(message.id) is no longer held by this receive (its visibility timeout ran out, or it was "
                    + "received again or deleted; SQS said \(error.code))"
            )
        }
    }

    static func isReceiptProblem(_ error: AWSError) -> Bool {
        switch error.code {
        case "ReceiptHandleIsInvalid", "InvalidReceiptHandle", "MessageNotInflight",
            "AWS.SimpleQueueService.MessageNotInflight":
            return true
        case "InvalidParameterValue":
            return error.message.lowercased().contains("receipt handle")
        default:
            return false
        }
    }

    /// The body as SQS text, refused (before anything is sent) when too large or not sendable.
    func messageText(_ body: Data) throws -> String {
        guard body.count <= maxMessageBytes else {
            throw QueueError(
                .messageTooLarge,
                "the message is \(body.count) bytes; SQS queue \(queueURL) is used with a limit of \(maxMessageBytes) "
                    + "bytes (maxMessageBytes)"
            )
        }
        guard let text = String(data: body, encoding: .utf8) else {
            throw AWSError(
                code: "InvalidMessageContents",
                message: "the message is not UTF-8 text, which is all SQS carries: base64-encode binary data",
                service: "sqs"
            )
        }
        if let bad = text.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
            throw AWSError(
                code: "InvalidMessageContents",
                message: "the message contains U+\(String(bad.value, radix: 16, uppercase: true)), which SQS does not "
                    + "accept (allowed: tab, newline, carriage return and U+0020 upward except U+FFFE and U+FFFF)",
                service: "sqs"
            )
        }
        return text
    }

    /// SQS's allowed characters: `#x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF`.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// `duration` in whole seconds, rounded up (a wait of 250 ms still long-polls), within 0…`upTo`.
    static func wholeSeconds(_ duration: Duration, upTo limit: Int) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        guard seconds > 0 else { return 0 }
        return Int(min(seconds.rounded(.up), Double(limit)))
    }
}
