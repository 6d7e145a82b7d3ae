import Foundation
import Logging
import PostgresNIO
import Testing

/// The local PostgreSQL and moto that `./scripts/test` starts (INGEST_TEST_POSTGRES_URL,
/// INGEST_TEST_AWS_ENDPOINT), and helpers that set up what an operator would: a fresh database,
/// SQS queues with a redrive policy, SSM parameters — through boto3, as another producer would.
struct ProductionServices {
    let postgresURL: URL
    let awsEndpoint: String

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let postgres = environment["INGEST_TEST_POSTGRES_URL"], let url = URL(string: postgres),
            let aws = environment["INGEST_TEST_AWS_ENDPOINT"]
        else {
            Issue.record(
                "INGEST_TEST_POSTGRES_URL and INGEST_TEST_AWS_ENDPOINT are not set: run ./scripts/test, which starts PostgreSQL and moto"
            )
            throw MissingServices()
        }
        postgresURL = url
        awsEndpoint = aws
    }

    struct MissingServices: Error {}

    /// The environment of an operator pointing Ingest at these services (dummy AWS credentials).
    var awsEnvironment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "dummy-secret",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": awsEndpoint,
        ]
    }

    /// Creates an empty database and returns its URL.
    func createDatabase() async throws -> String {
        let name = "e2e_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let configuration = PostgresClient.Configuration(
            host: postgresURL.host ?? "127.0.0.1",
            port: postgresURL.port ?? 5432,
            username: postgresURL.user ?? "postgres",
            password: postgresURL.password,
            database: String(postgresURL.path.dropFirst()),
            tls: .disable
        )
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        var components = URLComponents(url: postgresURL, resolvingAgainstBaseURL: false)!
        components.path = "/\(name)"
        return components.string!
    }

    /// Runs a Python snippet with boto3 against moto; `AWS_*` come from ``awsEnvironment``. The
    /// process is waited for on a thread of its own: blocking one of the few threads of the
    /// concurrency pool would stall every other test of the run.
    @discardableResult
    func boto3(_ script: String, arguments: [String] = []) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(awsEnvironment) { _, new in new }
        let processEnvironment = environment
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["python3", "-c", "import boto3, json, sys\n" + script] + arguments
                    process.environment = processEnvironment
                    let directory = FileManager.default.temporaryDirectory
                    let errorsURL = directory.appendingPathComponent("boto3-\(UUID().uuidString).err")
                    _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
                    defer { try? FileManager.default.removeItem(at: errorsURL) }
                    let output = Pipe()
                    process.standardOutput = output
                    // A file, not a pipe: reading one pipe to its end while the other fills would deadlock.
                    process.standardError = try FileHandle(forWritingTo: errorsURL)
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else {
                        let errorText = (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? ""
                        throw Boto3Failed(message: errorText)
                    }
                    continuation.resume(
                        returning: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    )
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    struct Boto3Failed: Error, CustomStringConvertible {
        var message: String
        var description: String { "boto3 failed: \(message)" }
    }

    /// A queue with a dead-letter queue (redrive after 3 receives); returns the main queue's URL.
    func createQueue() async throws -> String {
        let name = "ingest-e2e-\(UUID().uuidString.prefix(8).lowercased())"
        return try await boto3(
            """
            sqs = boto3.client("sqs", endpoint_url="\(awsEndpoint)")
            dlq = sqs.create_queue(QueueName=sys.argv[1] + "-dlq")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            q = sqs.create_queue(QueueName=sys.argv[1], Attributes={
                "VisibilityTimeout": "60",
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "3"})})["QueueUrl"]
            print(q)
            """,
            arguments: [name]
        )
    }

    func putParameter(name: String, value: String) async throws {
        try await boto3(
            """
            ssm = boto3.client("ssm", endpoint_url="\(awsEndpoint)")
            ssm.put_parameter(Name=sys.argv[1], Value=sys.argv[2], Type="SecureString", Overwrite=True)
            """,
            arguments: [name, value]
        )
    }

    func sendMessage(queueURL: String, body: String) async throws {
        try await boto3(
            """
            sqs = boto3.client("sqs", endpoint_url="\(awsEndpoint)")
            sqs.send_message(QueueUrl=sys.argv[1], MessageBody=sys.argv[2])
            """,
            arguments: [queueURL, body]
        )
    }

    /// Receives every visible message without keeping it (visibility set back to 0); returns the bodies.
    func peekMessages(queueURL: String) async throws -> [String] {
        let output = try await boto3(
            """
            sqs = boto3.client("sqs", endpoint_url="\(awsEndpoint)")
            seen = {}
            for _ in range(5):
                got = sqs.receive_message(QueueUrl=sys.argv[1], MaxNumberOfMessages=10, VisibilityTimeout=30).get("Messages", [])
                if not got:
                    break
                for m in got:
                    seen[m["MessageId"]] = m
            for m in seen.values():
                sqs.change_message_visibility(QueueUrl=sys.argv[1], ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
            bodies = [m["Body"] for m in seen.values()]
            print(json.dumps(bodies))
            """,
            arguments: [queueURL]
        )
        return try JSONDecoder().decode([String].self, from: Data(output.utf8))
    }
}
