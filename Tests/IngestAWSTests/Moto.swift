import AsyncHTTPClient
import Foundation
import IngestAWS
import IngestHTTP
import Logging

/// The local moto server the AWS tests talk to (`INGEST_TEST_AWS_ENDPOINT`), and test-only admin
/// calls (CreateQueue, SetQueueAttributes, PutParameter) through ``AWSJSONClient``.
enum Moto {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "INGEST_TEST_AWS_ENDPOINT is not set: run ./scripts/test, which starts a local moto server for the AWS "
                + "tests (or start `moto_server -H 127.0.0.1 -p 5055` and set INGEST_TEST_AWS_ENDPOINT=http://127.0.0.1:5055)"
        }
    }

    /// The moto endpoint; a missing variable fails the test with a message saying how to get one.
    static func endpoint() throws -> String {
        guard let endpoint = ProcessInfo.processInfo.environment["INGEST_TEST_AWS_ENDPOINT"], !endpoint.isEmpty else {
            throw NotConfigured()
        }
        return endpoint
    }

    /// Dummy credentials (moto accepts any), region `us-east-1`, the endpoint in `AWS_ENDPOINT_URL`.
    ///
    /// Against a moto that verifies signatures (`INITIAL_NO_AUTH_ACTION_COUNT`, aws-wire.md §3.4),
    /// set `INGEST_TEST_AWS_ACCESS_KEY_ID` and `INGEST_TEST_AWS_SECRET_ACCESS_KEY` to a key it issued
    /// (and `INGEST_TEST_AWS_SESSION_TOKEN` to an STS token of that key for the session-token test).
    static func configuration(sessionToken: String? = nil) throws -> AWSConfiguration {
        let process = ProcessInfo.processInfo.environment
        var environment = [
            "HOME": "/nonexistent",
            "AWS_ACCESS_KEY_ID": process["INGEST_TEST_AWS_ACCESS_KEY_ID"] ?? "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": process["INGEST_TEST_AWS_SECRET_ACCESS_KEY"] ?? "dummy",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": try endpoint(),
        ]
        environment["AWS_SESSION_TOKEN"] = sessionToken.map { process["INGEST_TEST_AWS_SESSION_TOKEN"] ?? $0 }
        return try AWSConfiguration(environment: environment)
    }

    static let logger = Logger(label: "ingest.aws.tests")

    /// Few, quick retries: a test never waits long for a server that is not there.
    static let retryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(50), maxDelay: .milliseconds(200))

    static func client(_ service: AWSService, configuration: AWSConfiguration? = nil) throws -> AWSJSONClient {
        AWSJSONClient(
            service: service,
            configuration: try configuration ?? Self.configuration(),
            httpClient: .shared,
            logger: logger,
            retryPolicy: retryPolicy
        )
    }

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(13))"
    }

    struct CreateQueue: Encodable {
        var QueueName: String
        var Attributes: [String: String]
    }

    struct QueueURLResult: Decodable, Sendable {
        var QueueUrl: String
    }

    struct GetAttributes: Encodable {
        var QueueUrl: String
        var AttributeNames: [String]
    }

    struct AttributesResult: Decodable, Sendable {
        var Attributes: [String: String]
    }

    /// Creates a queue and returns its URL.
    static func createQueue(
        _ name: String,
        attributes: [String: String] = [:],
        configuration: AWSConfiguration? = nil
    ) async throws -> String {
        try await client(.sqs, configuration: configuration).call(
            "CreateQueue",
            CreateQueue(QueueName: name, Attributes: attributes),
            as: QueueURLResult.self
        ).QueueUrl
    }

    /// A main queue whose RedrivePolicy sends messages to a new DLQ after `maxReceiveCount` receives.
    static func createQueueWithDeadLetterQueue(maxReceiveCount: Int = 3) async throws -> (main: String, dlq: String) {
        let name = uniqueName("ingest-test")
        let dlq = try await createQueue("\(name)-dlq")
        let arn = try await client(.sqs).call(
            "GetQueueAttributes",
            GetAttributes(QueueUrl: dlq, AttributeNames: ["QueueArn"]),
            as: AttributesResult.self
        ).Attributes["QueueArn"]!
        let policy = #"{"deadLetterTargetArn": "\#(arn)", "maxReceiveCount": "\#(maxReceiveCount)"}"#
        let main = try await createQueue(name, attributes: ["VisibilityTimeout": "30", "RedrivePolicy": policy])
        return (main, dlq)
    }

    struct PutParameter: Encodable {
        var Name: String
        var Value: String
        var `Type`: String
        var Overwrite: Bool
    }

    /// Writes a SecureString parameter.
    static func putSecureString(_ name: String, _ value: String) async throws {
        try await client(.ssm).call(
            "PutParameter",
            PutParameter(Name: name, Value: value, Type: "SecureString", Overwrite: true)
        )
    }
}
