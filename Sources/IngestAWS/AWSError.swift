/// An AWS call failed, or the AWS configuration is incomplete.
///
/// `message` says what went wrong and what to do about it; it never holds a secret key, a session
/// token, a message body or a parameter value.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// AWS's error code without its namespace (`QueueDoesNotExist`, `AccessDeniedException`,
    /// `ParameterNotFound`, …), `ConnectionFailed` when no answer came, or one of this module's
    /// configuration codes (`NoCredentials`, `NoRegion`, `InvalidProfile`, `InvalidQueueURL`,
    /// `NoRedrivePolicy`, `InvalidMessageContents`).
    public var code: String
    /// What happened and what to do.
    public var message: String
    /// The service signing name (`sqs`, `ssm`), nil for configuration errors.
    public var service: String?
    /// The HTTP status, nil when no response arrived or nothing was sent.
    public var status: Int?
    /// The AWS operation, e.g. `ReceiveMessage`.
    public var operation: String?

    public init(code: String, message: String, service: String? = nil, status: Int? = nil, operation: String? = nil) {
        self.code = code
        self.message = message
        self.service = service
        self.status = status
        self.operation = operation
    }

    public var description: String { message }
}
