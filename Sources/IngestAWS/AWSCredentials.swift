/// An AWS access key pair, with a session token for temporary credentials.
///
/// Printing, logging or dumping it shows at most the first four characters of the access key id:
/// the secret key and the session token are always redacted.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var accessKeyID: String
    public var secretAccessKey: String
    /// `AWS_SESSION_TOKEN` / `aws_session_token`, sent and signed as `X-Amz-Security-Token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key id cut to its first four characters (`AKIA…`), enough to tell keys apart.
    public var redactedAccessKeyID: String {
        accessKeyID.count <= 4 ? accessKeyID : "\(accessKeyID.prefix(4))…"
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(redactedAccessKeyID), secretAccessKey: <redacted>, sessionToken: "
            + (sessionToken == nil ? "none)" : "<redacted>)")
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": redactedAccessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "none" : "<redacted>",
            ]
        )
    }
}
