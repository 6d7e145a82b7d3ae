/// Per-tenant secrets such as API tokens.
///
/// Implementations never put a secret value in a log line, an error or a description.
public protocol SecretStore: Sendable {
    /// The secret `name` of `tenantID`. Throws ``SecretError`` with code `notFound` when absent.
    func secret(named name: String, tenantID: TenantID) async throws -> Secret
}

/// A secret store that can also be written (the file store; SSM is written by operators).
public protocol WritableSecretStore: SecretStore {
    func setSecret(_ secret: Secret, named name: String, tenantID: TenantID) async throws
}

/// A secret value. Its description is redacted, so printing or logging it shows no secret.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The value. Read it only to put it on the wire.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// A secret could not be read or written.
public struct SecretError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound
        case invalidName
        case storage
    }

    public var code: Code
    /// What happened and what to do; never contains the secret.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
