import Synchronization

/// Secrets held in memory: for tests and `ingest demo`.
public final class InMemorySecretStore: WritableSecretStore {
    private let secrets: Mutex<[String: String]>

    /// `secrets` maps `"<tenant>/<name>"` to the value.
    public init(_ secrets: [String: String] = [:]) {
        self.secrets = Mutex(secrets)
    }

    public func secret(named name: String, tenantID: TenantID) async throws -> Secret {
        guard let value = secrets.withLock({ $0["\(tenantID)/\(name)"] }) else {
            throw SecretError(.notFound, "secret \(name) of tenant \(tenantID) is not set")
        }
        return Secret(value)
    }

    public func setSecret(_ secret: Secret, named name: String, tenantID: TenantID) async throws {
        secrets.withLock { $0["\(tenantID)/\(name)"] = secret.value }
    }
}
