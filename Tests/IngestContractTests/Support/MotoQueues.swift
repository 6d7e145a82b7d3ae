import AsyncHTTPClient
import Foundation
import IngestAWS
import IngestHTTP
import Logging

/// SQS queues on the local moto (`INGEST_TEST_AWS_ENDPOINT`, started by ./scripts/test) for the
/// queue contract suite: each test gets queues of its own, with a redrive policy.
enum MotoQueues {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "INGEST_TEST_AWS_ENDPOINT is not set: run ./scripts/test, which starts a local moto server"
        }
    }

    static func configuration() throws -> AWSConfiguration {
        guard let endpoint = ProcessInfo.processInfo.environment["INGEST_TEST_AWS_ENDPOINT"], !endpoint.isEmpty else {
            throw NotConfigured()
        }
        return try AWSConfiguration(environment: [
            "HOME": "/nonexistent", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "dummy",
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint,
        ])
    }

    static let logger = Logger(label: "ingest.contract.sqs")
    static let retryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(50), maxDelay: .milliseconds(200))

    struct CreateQueue: Encodable {
        var QueueName: String
        var Attributes: [String: String]
    }

    struct QueueURL: Decodable, Sendable { var QueueUrl: String }

    struct QueueAttributes: Encodable {
        var QueueUrl: String
        var AttributeNames: [String]
    }

    struct Attributes: Decodable, Sendable { var Attributes: [String: String] }

    struct DeleteQueue: Encodable { var QueueUrl: String }

    /// Creates a queue (and its dead-letter queue, redriving after `maxReceives`) and returns the
    /// main queue's URL and every URL created, for cleanup.
    static func create(maxReceives: Int) async throws -> (main: String, all: [String]) {
        let client = AWSJSONClient(
            service: .sqs,
            configuration: try configuration(),
            httpClient: .shared,
            logger: logger,
            retryPolicy: retryPolicy
        )
        let name = "contract-\(UUID().uuidString.lowercased().prefix(13))"
        let dlq = try await client.call(
            "CreateQueue",
            CreateQueue(QueueName: "\(name)-dlq", Attributes: [:]),
            as: QueueURL.self
        )
        .QueueUrl
        let arn =
            try await client.call(
                "GetQueueAttributes",
                QueueAttributes(QueueUrl: dlq, AttributeNames: ["QueueArn"]),
                as: Attributes.self
            ).Attributes["QueueArn"] ?? ""
        let policy = #"{"deadLetterTargetArn": "\#(arn)", "maxReceiveCount": "\#(maxReceives)"}"#
        let main = try await client.call(
            "CreateQueue",
            CreateQueue(QueueName: name, Attributes: ["VisibilityTimeout": "30", "RedrivePolicy": policy]),
            as: QueueURL.self
        ).QueueUrl
        return (main, [main, dlq])
    }

    static func delete(_ urls: [String]) async {
        guard let configuration = try? configuration() else { return }
        let client = AWSJSONClient(
            service: .sqs,
            configuration: configuration,
            httpClient: .shared,
            logger: logger,
            retryPolicy: retryPolicy
        )
        for url in urls { try? await client.call("DeleteQueue", DeleteQueue(QueueUrl: url)) }
    }

    static func queue(_ url: String) throws -> SQSJobQueue {
        try SQSJobQueue(
            queueURL: url,
            configuration: try configuration(),
            httpClient: .shared,
            logger: logger,
            retryPolicy: retryPolicy
        )
    }
}
