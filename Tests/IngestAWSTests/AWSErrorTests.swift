import AsyncHTTPClient
import Foundation
import IngestCore
import IngestHTTP
import Testing

@testable import IngestAWS

/// A configuration and a queue URL that need no server.
enum OfflineAWS {
    static let configuration = AWSConfiguration(
        region: "us-east-1",
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "dummy"),
        credentialsSource: "profile default in ~/.aws/credentials"
    )
    /// Nothing listens on port 9.
    static let unreachableQueueURL = "http://127.0.0.1:9/123456789012/nowhere"
}

@Suite("AWS errors say what to do")
struct AWSErrorTests {
    let sqs = AWSJSONClient(
        service: .sqs,
        configuration: OfflineAWS.configuration,
        httpClient: .shared,
        logger: Moto.logger
    )

    func apiError(_ code: String?, status: Int? = 400, message: String? = "AWS says no") -> APIError {
        APIError(status: status, code: code, message: message, requestID: nil, endpoint: "SQS X", attempts: 1)
    }

    @Test(arguments: ["InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "ExpiredToken"])
    func badCredentialsNameTheVariables(code: String) {
        let error = sqs.awsError(for: apiError(code, status: 403), operation: "ReceiveMessage")
        #expect(error.code == code)
        #expect(error.message.contains("AWS_ACCESS_KEY_ID"))
        #expect(error.message.contains("AWS_PROFILE"))
        #expect(error.message.contains("wrong or expired"))
        #expect(error.message.contains("profile default in ~/.aws/credentials"))
        #expect(!error.message.contains("dummy"))
    }

    @Test func awsMessagesLoseCanonicalRequestsAndCredentials() {
        var configuration = OfflineAWS.configuration
        configuration.credentials.sessionToken = "SESSION-TOKEN-VALUE"
        let client = AWSJSONClient(
            service: .sqs,
            configuration: configuration,
            httpClient: .shared,
            logger: Moto.logger
        )
        let message =
            "The request signature we calculated does not match. The Canonical String for this request should have "
            + "been\n'POST\n/\n\nx-amz-security-token:SESSION-TOKEN-VALUE\n'"
        let error = client.awsError(
            for: apiError("SignatureDoesNotMatch", status: 403, message: message),
            operation: "X"
        )
        #expect(!error.message.contains("SESSION-TOKEN-VALUE"))
        #expect(error.message.contains("does not match"))
        let echoed = client.awsError(
            for: apiError("InvalidParameterValue", message: "token SESSION-TOKEN-VALUE is odd"),
            operation: "X"
        )
        #expect(!echoed.message.contains("SESSION-TOKEN-VALUE"))
    }

    @Test(arguments: ["AccessDenied", "AccessDeniedException", "com.amazonaws.sqs#AccessDenied"])
    func accessDeniedNamesTheIAMAction(code: String) {
        let error = sqs.awsError(for: apiError(code), operation: "ReceiveMessage")
        #expect(error.code == (code.hasPrefix("com.") ? "AccessDenied" : code))
        #expect(error.message.contains("allow sqs:ReceiveMessage"))
        let batch = sqs.awsError(for: apiError(code), operation: "SendMessageBatch")
        #expect(batch.message.contains("sqs:SendMessage "))
    }

    @Test func ssmAccessDeniedNamesGetParameterAndDecrypt() throws {
        let store = try SSMSecretStore(
            parameterTemplate: "/ingest/{tenant}/{name}",
            configuration: OfflineAWS.configuration,
            httpClient: .shared,
            logger: Moto.logger
        )
        let error = store.secretError(
            for: AWSError(code: "AccessDeniedException", message: "denied", service: "ssm", status: 400),
            parameter: "/ingest/acme/intercom_access_token",
            tenantID: try TenantID("acme")
        )
        #expect(error.code == .storage)
        #expect(error.message.contains("ssm:GetParameter"))
        #expect(error.message.contains("kms:Decrypt"))
        #expect(error.message.contains("/ingest/acme/intercom_access_token"))
    }

    @Test func namespacedCodesAreShortened() {
        #expect(AWSJSONClient.normalizedCode("com.amazonaws.sqs#QueueDoesNotExist") == "QueueDoesNotExist")
        #expect(AWSJSONClient.normalizedCode("ParameterNotFound:http://internal.amazon.com/") == "ParameterNotFound")
        #expect(AWSJSONClient.normalizedCode("connection_failed") == "ConnectionFailed")
    }

    @Test func receiptProblemsAreRecognised() {
        #expect(SQSJobQueue.isReceiptProblem(AWSError(code: "ReceiptHandleIsInvalid", message: "")))
        #expect(SQSJobQueue.isReceiptProblem(AWSError(code: "AWS.SimpleQueueService.MessageNotInflight", message: "")))
        #expect(
            SQSJobQueue.isReceiptProblem(
                AWSError(code: "InvalidParameterValue", message: "Reason: The receipt handle has expired.")
            )
        )
        #expect(!SQSJobQueue.isReceiptProblem(AWSError(code: "InvalidParameterValue", message: "DelaySeconds")))
    }

    @Test func anUnreachableEndpointSaysWhichOneAndWhatToCheck() async throws {
        let client = AWSJSONClient(
            service: .sqs,
            configuration: OfflineAWS.configuration,
            httpClient: .shared,
            logger: Moto.logger,
            endpoint: "http://127.0.0.1:9",
            retryPolicy: RetryPolicy(maxAttempts: 1),
            attemptTimeout: .seconds(1)
        )
        let error = try await #require(throws: AWSError.self) {
            try await client.call("GetQueueUrl", ["QueueName": "nowhere"])
        }
        #expect(error.code == "ConnectionFailed")
        #expect(error.message.contains("http://127.0.0.1:9"))
        #expect(error.message.contains("AWS_ENDPOINT_URL_SQS"))
    }

    @Test func sqsURLsChooseEndpointAndRegion() throws {
        let real = try SQSJobQueue(
            queueURL: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
            configuration: OfflineAWS.configuration,
            httpClient: .shared,
            logger: Moto.logger
        )
        #expect(real.client.endpoint == "https://sqs.eu-west-1.amazonaws.com")
        #expect(real.client.region == "eu-west-1")
        let legacy = try SQSJobQueue(
            queueURL: "https://queue.amazonaws.com/123456789012/jobs",
            configuration: OfflineAWS.configuration,
            httpClient: .shared,
            logger: Moto.logger
        )
        #expect(legacy.client.endpoint == "https://sqs.us-east-1.amazonaws.com")
        var overridden = OfflineAWS.configuration
        overridden.serviceEndpointURLs["sqs"] = "http://127.0.0.1:4566"
        let local = try SQSJobQueue(
            queueURL: "https://sqs.us-east-1.amazonaws.com/000000000000/jobs",
            configuration: overridden,
            httpClient: .shared,
            logger: Moto.logger
        )
        #expect(local.client.endpoint == "http://127.0.0.1:4566")
    }
}
