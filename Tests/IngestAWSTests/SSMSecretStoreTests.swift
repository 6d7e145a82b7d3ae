import AsyncHTTPClient
import Foundation
import IngestAWS
import IngestCore
import Testing

/// `SSMSecretStore` against a local moto server (`INGEST_TEST_AWS_ENDPOINT`).
@Suite("SSM secret store against moto")
struct SSMSecretStoreTests {
    func store(
        _ template: String,
        cacheTTL: Duration = .seconds(300),
        configuration: AWSConfiguration? = nil
    ) throws -> SSMSecretStore {
        try SSMSecretStore(
            parameterTemplate: template,
            configuration: try configuration ?? Moto.configuration(),
            httpClient: .shared,
            logger: Moto.logger,
            cacheTTL: cacheTTL,
            retryPolicy: Moto.retryPolicy
        )
    }

    @Test func readsASecureStringAndCachesIt() async throws {
        let prefix = "/\(Moto.uniqueName("ingest"))"
        let tenant = try TenantID("acme")
        let parameter = "\(prefix)/acme/intercom_access_token"
        try await Moto.putSecureString(parameter, "tok_first")
        let store = try store("ssm:\(prefix)/{tenant}/{name}")
        #expect(try store.parameterName(secretNamed: "intercom_access_token", tenantID: tenant) == parameter)
        let secret = try await store.secret(named: "intercom_access_token", tenantID: tenant)
        #expect(secret.value == "tok_first")
        #expect("\(secret)" == "<redacted>")

        try await Moto.putSecureString(parameter, "tok_second")
        // Within the TTL the cached value is served; a store without a cache sees the new one.
        #expect(try await store.secret(named: "intercom_access_token", tenantID: tenant).value == "tok_first")
        let uncached = try self.store("\(prefix)/{tenant}/{name}", cacheTTL: .zero)
        #expect(try await uncached.secret(named: "intercom_access_token", tenantID: tenant).value == "tok_second")
        store.invalidateCache()
        #expect(try await store.secret(named: "intercom_access_token", tenantID: tenant).value == "tok_second")
    }

    @Test func aTemplateWithoutNameNamesTheTenantsOneParameter() async throws {
        let prefix = "/\(Moto.uniqueName("ingest"))"
        try await Moto.putSecureString("\(prefix)/globex/intercom_access_token", "tok_globex")
        let store = try store("ssm:\(prefix)/{tenant}/intercom_access_token")
        let secret = try await store.secret(named: "access_token", tenantID: try TenantID("globex"))
        #expect(secret.value == "tok_globex")
    }

    @Test func aMissingParameterIsNotFoundAndNamed() async throws {
        let prefix = "/\(Moto.uniqueName("ingest"))"
        let store = try store("ssm:\(prefix)/{tenant}/{name}")
        let error = try await #require(throws: SecretError.self) {
            try await store.secret(named: "intercom_access_token", tenantID: try TenantID("acme"))
        }
        #expect(error.code == .notFound)
        #expect(
            error.message.hasPrefix(
                "SSM parameter \(prefix)/acme/intercom_access_token does not exist in us-east-1: create it as a SecureString"
            )
        )
    }

    @Test func theSecretNeverAppearsInErrorsOrDescriptions() async throws {
        let prefix = "/\(Moto.uniqueName("ingest"))"
        try await Moto.putSecureString("\(prefix)/acme/token", "tok_very_secret")
        let store = try store("\(prefix)/{tenant}/{name}")
        let secret = try await store.secret(named: "token", tenantID: try TenantID("acme"))
        #expect(!"\(secret)".contains("tok_very_secret"))
        #expect(!String(reflecting: secret).contains("tok_very_secret"))
        #expect(!"\(store)".contains("tok_very_secret"))
    }

    @Test func templatesAndNamesAreChecked() throws {
        let offline = AWSConfiguration(
            region: "eu-west-1",
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "dummy")
        )
        let noTenant = try #require(throws: SecretError.self) { try store("/ingest/{name}", configuration: offline) }
        #expect(noTenant.code == .invalidName)
        #expect(noTenant.message.contains("{tenant}"))
        let valid = try store("ssm:/ingest/{tenant}/{name}", configuration: offline)
        #expect(valid.parameterTemplate == "/ingest/{tenant}/{name}")
        #expect(valid.region == "eu-west-1")
        #expect(throws: SecretError.self) { try valid.parameterName(secretNamed: "../x", tenantID: try TenantID("a")) }
    }
}
