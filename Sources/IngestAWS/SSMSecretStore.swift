public import AsyncHTTPClient
import Foundation
public import IngestCore
public import IngestHTTP
public import Logging

/// A ``SecretStore`` on AWS Systems Manager Parameter Store: each secret is a `SecureString`
/// parameter, read with `GetParameter` and `WithDecryption: true`.
///
/// The parameter name comes from a template with the placeholders `{tenant}` and `{name}`, e.g.
/// `/ingest/{tenant}/{name}`. A template without `{name}` (such as
/// `/ingest/{tenant}/intercom_access_token`) names the one parameter of each tenant, whatever
/// secret is asked for. Values are cached in memory for ``cacheTTL`` so that a busy worker does not
/// hit SSM's rate limits. Operators write the parameters (`aws ssm put-parameter --type
/// SecureString`); this store only reads them. A value is never logged or put in an error.
public struct SSMSecretStore: SecretStore {
    /// The template, e.g. `/ingest/{tenant}/{name}`.
    public let parameterTemplate: String
    /// How long a value read from SSM is reused.
    public let cacheTTL: Duration
    let client: AWSJSONClient
    let logger: Logger
    let cache = LockedValue<[String: CachedValue]>([:])

    struct CachedValue: Sendable {
        var secret: Secret
        var expires: ContinuousClock.Instant
    }

    /// - Parameter parameterTemplate: with or without the `ssm:` prefix of `INGEST_SECRETS`; must
    ///   contain `{tenant}` so that tenants never share a secret.
    ///
    /// Throws ``SecretError`` `invalidName` for a template without `{tenant}`.
    public init(
        parameterTemplate: String,
        configuration: AWSConfiguration,
        httpClient: HTTPClient,
        logger: Logger,
        cacheTTL: Duration = .seconds(300),
        retryPolicy: RetryPolicy = RetryPolicy()
    ) throws {
        let template = parameterTemplate.hasPrefix("ssm:") ? String(parameterTemplate.dropFirst(4)) : parameterTemplate
        guard template.contains("{tenant}") else {
            throw SecretError(
                .invalidName,
                "the SSM parameter template \"\(template.prefix(200))\" has no {tenant} placeholder, so every tenant "
                    + "would share one secret: use e.g. ssm:/ingest/{tenant}/{name} or ssm:/ingest/{tenant}/intercom_access_token"
            )
        }
        self.parameterTemplate = template
        self.cacheTTL = cacheTTL
        self.logger = logger
        self.client = AWSJSONClient(
            service: .ssm,
            configuration: configuration,
            httpClient: httpClient,
            logger: logger,
            retryPolicy: retryPolicy
        )
    }

    /// The region parameters are read in.
    public var region: String { client.region }

    /// The parameter that holds secret `name` of `tenantID`.
    ///
    /// Throws ``SecretError`` `invalidName` when the template uses `{name}` and `name` is not 1…64
    /// lowercase letters, digits or `_`.
    public func parameterName(secretNamed name: String, tenantID: TenantID) throws -> String {
        if parameterTemplate.contains("{name}") && !FileSecretStore.isValidName(name) {
            throw SecretError(
                .invalidName,
                "secret name \"\(name.prefix(40))\" is invalid: use 1 to 64 lowercase letters, digits or '_'"
            )
        }
        return
            parameterTemplate
            .replacingOccurrences(of: "{tenant}", with: tenantID.rawValue)
            .replacingOccurrences(of: "{name}", with: name)
    }

    public func secret(named name: String, tenantID: TenantID) async throws -> Secret {
        let parameter = try parameterName(secretNamed: name, tenantID: tenantID)
        let now = ContinuousClock.now
        if let hit = cache.withLock({ $0[parameter] }), hit.expires > now {
            logger.trace("ssm parameter cache hit", metadata: ["ssm.parameter": "\(parameter)"])
            return hit.secret
        }
        let result: SSMWire.GetParameterResult
        do {
            result = try await client.call(
                "GetParameter",
                SSMWire.GetParameter(name: parameter, withDecryption: true),
                as: SSMWire.GetParameterResult.self
            )
        } catch let error as AWSError {
            throw secretError(for: error, parameter: parameter, tenantID: tenantID)
        }
        let secret = Secret(result.parameter.value)
        if cacheTTL > .zero {
            let entry = CachedValue(secret: secret, expires: now + cacheTTL)
            cache.withLock { $0[parameter] = entry }
        }
        logger.debug(
            "ssm parameter read",
            metadata: [
                "ssm.parameter": "\(parameter)", "ssm.version": "\(result.parameter.version.map(String.init) ?? "")",
            ]
        )
        return secret
    }

    /// Forgets cached values (all of them, or one parameter's), e.g. after an operator rotated a token.
    public func invalidateCache(parameter: String? = nil) {
        cache.withLock { entries in
            if let parameter { entries[parameter] = nil } else { entries.removeAll() }
        }
    }

    func secretError(for error: AWSError, parameter: String, tenantID: TenantID) -> SecretError {
        switch error.code {
        case "ParameterNotFound", "ParameterVersionNotFound":
            return SecretError(
                .notFound,
                "SSM parameter \(parameter) does not exist in \(region): create it as a SecureString "
                    + "(aws ssm put-parameter --region \(region) --type SecureString --name \(parameter) --value …) "
                    + "for tenant \(tenantID)"
            )
        case _ where AWSJSONClient.accessDeniedCodes.contains(error.code) || error.status == 403:
            return SecretError(
                .storage,
                "AWS denied reading SSM parameter \(parameter) (\(error.code)): the credentials from "
                    + "\(client.credentialsSource) need ssm:GetParameter on it and kms:Decrypt on its KMS key"
            )
        case "InvalidKeyId":
            return SecretError(
                .storage,
                "SSM parameter \(parameter) cannot be decrypted (InvalidKeyId): its KMS key is disabled, deleted or "
                    + "not usable by the credentials from \(client.credentialsSource); fix the key or re-create the "
                    + "parameter"
            )
        default:
            return SecretError(.storage, "reading SSM parameter \(parameter) failed: \(error.message)")
        }
    }
}
