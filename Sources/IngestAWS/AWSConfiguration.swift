/// Where and as whom to call AWS: region, credentials and endpoint overrides.
///
/// Build it from the environment the way the AWS SDKs do with
/// ``init(environment:defaultRegion:)``, or field by field (tests, embedding).
public struct AWSConfiguration: Sendable {
    /// The signing region, e.g. `us-east-1`.
    public var region: String
    public var credentials: AWSCredentials
    /// Where the credentials came from, for error messages: `environment (AWS_ACCESS_KEY_ID)` or
    /// `profile default in /home/me/.aws/credentials`. Never holds a key.
    public var credentialsSource: String
    /// `AWS_ENDPOINT_URL`: the endpoint of every service without a service-specific one.
    public var endpointURL: String?
    /// Service-specific endpoints (`AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_SSM`), by signing name
    /// (`sqs`, `ssm`).
    public var serviceEndpointURLs: [String: String]

    public init(
        region: String,
        credentials: AWSCredentials,
        credentialsSource: String = "the configuration",
        endpointURL: String? = nil,
        serviceEndpointURLs: [String: String] = [:]
    ) {
        self.region = region
        self.credentials = credentials
        self.credentialsSource = credentialsSource
        self.endpointURL = endpointURL.map(Self.trimmingTrailingSlash)
        self.serviceEndpointURLs = serviceEndpointURLs.mapValues(Self.trimmingTrailingSlash)
    }

    /// The endpoint set for `service` by a variable — the service-specific one first, then
    /// `AWS_ENDPOINT_URL` — or nil when the service's public endpoint applies.
    public func endpointOverride(for service: AWSService) -> String? {
        serviceEndpointURLs[service.signingName] ?? endpointURL
    }

    /// The endpoint to call for `service`: ``endpointOverride(for:)``, else
    /// `https://<service>.<region>.amazonaws.com` (`.amazonaws.com.cn` in China regions).
    public func endpoint(for service: AWSService, region: String? = nil) -> String {
        if let override = endpointOverride(for: service) { return override }
        return Self.publicEndpoint(for: service, region: region ?? self.region)
    }

    /// `https://<service>.<region>.amazonaws.com`, or `.amazonaws.com.cn` for `cn-` regions.
    public static func publicEndpoint(for service: AWSService, region: String) -> String {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return "https://\(service.signingName).\(region).\(domain)"
    }

    static func trimmingTrailingSlash(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
