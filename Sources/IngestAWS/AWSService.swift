/// An AWS service spoken over an AWS JSON protocol: how to sign for it, address it and name its
/// operations.
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The SigV4 signing name and IAM action prefix, e.g. `sqs`.
    public let signingName: String
    /// The name shown in messages, e.g. `SQS`.
    public let displayName: String
    /// The `X-Amz-Target` prefix, e.g. `AmazonSQS` (`X-Amz-Target: AmazonSQS.SendMessage`).
    public let targetPrefix: String
    /// The AWS JSON protocol version: `1.0` (SQS) or `1.1` (SSM).
    public let jsonVersion: String
    /// The service-specific endpoint variable, e.g. `AWS_ENDPOINT_URL_SQS`.
    public let endpointVariable: String

    public init(
        signingName: String,
        displayName: String,
        targetPrefix: String,
        jsonVersion: String,
        endpointVariable: String
    ) {
        self.signingName = signingName
        self.displayName = displayName
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
        self.endpointVariable = endpointVariable
    }

    /// Amazon SQS over AWS JSON 1.0.
    public static let sqs = AWSService(
        signingName: "sqs",
        displayName: "SQS",
        targetPrefix: "AmazonSQS",
        jsonVersion: "1.0",
        endpointVariable: "AWS_ENDPOINT_URL_SQS"
    )

    /// AWS Systems Manager (Parameter Store) over AWS JSON 1.1.
    public static let ssm = AWSService(
        signingName: "ssm",
        displayName: "SSM",
        targetPrefix: "AmazonSSM",
        jsonVersion: "1.1",
        endpointVariable: "AWS_ENDPOINT_URL_SSM"
    )

    /// `application/x-amz-json-1.0` or `…-1.1`.
    public var contentType: String { "application/x-amz-json-\(jsonVersion)" }

    /// The IAM action an operation needs, e.g. `sqs:SendMessage` for `SendMessageBatch`.
    public func iamAction(for operation: String) -> String {
        var action = operation
        if signingName == "sqs" && action.hasSuffix("Batch") { action.removeLast("Batch".count) }
        return "\(signingName):\(action)"
    }

    public var description: String { displayName }
}
