public import AsyncHTTPClient
public import Foundation
public import IngestHTTP
public import Logging

/// Calls one AWS service over its AWS JSON protocol (1.0 for SQS, 1.1 for SSM).
///
/// Each call serialises the request once, signs those bytes with SigV4 and POSTs them to `/` of the
/// endpoint with `X-Amz-Target: <prefix>.<Operation>`, through ``RESTClient`` (which retries 5xx
/// and transport failures with backoff). Throttling answers are retried here too. Every failure is
/// thrown as an ``AWSError`` whose message says what to do; callers rewrite the codes they know
/// more about (a missing queue, a missing parameter).
public struct AWSJSONClient: Sendable {
    public let service: AWSService
    /// The endpoint URL, without a trailing slash.
    public let endpoint: String
    /// The signing region.
    public let region: String
    let credentials: AWSCredentials
    let credentialsSource: String
    let rest: RESTClient
    let logger: Logger
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - endpoint: overrides ``AWSConfiguration/endpoint(for:region:)``.
    ///   - region: overrides the configuration's region (e.g. the region of an SQS queue URL).
    ///   - attemptTimeout: deadline of one HTTP attempt (connecting included: an endpoint that
    ///     refuses connections fails an attempt only when it runs out); a call may set its own.
    public init(
        service: AWSService,
        configuration: AWSConfiguration,
        httpClient: HTTPClient,
        logger: Logger,
        endpoint: String? = nil,
        region: String? = nil,
        retryPolicy: RetryPolicy = RetryPolicy(),
        attemptTimeout: Duration = .seconds(15),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let region = region ?? configuration.region
        self.service = service
        self.region = region
        self.endpoint = AWSConfiguration.trimmingTrailingSlash(
            endpoint ?? configuration.endpoint(for: service, region: region)
        )
        self.credentials = configuration.credentials
        self.credentialsSource = configuration.credentialsSource
        self.rest = RESTClient(
            httpClient: httpClient,
            retryPolicy: retryPolicy,
            attemptTimeout: attemptTimeout,
            logger: logger
        )
        self.logger = logger
        self.now = now
    }

    /// Error codes that mean "slow down": retried here with backoff, since they arrive as HTTP 400.
    static let throttlingCodes: Set<String> = [
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottled", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException",
    ]

    /// Calls `operation` (e.g. `SendMessage`) with `request` as the JSON body and decodes the answer.
    ///
    /// - Parameter timeout: the deadline of each attempt when it differs from the client's, e.g. a
    ///   long poll's wait plus a margin.
    public func call<Request: Encodable, Response: Decodable & Sendable>(
        _ operation: String,
        _ request: Request,
        as response: Response.Type = Response.self,
        timeout: Duration? = nil
    ) async throws -> Response {
        let rest =
            timeout.map {
                RESTClient(
                    httpClient: self.rest.httpClient,
                    retryPolicy: self.rest.retryPolicy,
                    attemptTimeout: $0,
                    logger: logger
                )
            } ?? self.rest
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let body = try encoder.encode(request)
        let url = endpoint + "/"
        guard let parsedURL = URL(string: url) else {
            throw AWSError(
                code: "InvalidEndpoint",
                message: "the \(service) endpoint \(endpoint) is not a URL: fix \(service.endpointVariable) "
                    + "or AWS_ENDPOINT_URL",
                service: service.signingName,
                operation: operation
            )
        }
        let signer = SigV4Signer(credentials: credentials, region: region, service: service.signingName)
        let target = "\(service.targetPrefix).\(operation)"
        var throttled = 0
        while true {
            let signature = signer.sign(
                method: "POST",
                url: parsedURL,
                headers: [("Content-Type", service.contentType), ("X-Amz-Target", target)],
                body: body,
                date: now()
            )
            do {
                return try await rest.send(
                    method: "POST",
                    url: url,
                    headers: signature.headers,
                    body: body,
                    endpoint: "\(service.displayName) \(operation)",
                    budget: nil,
                    decode: { response in
                        try JSONDecoder().decode(
                            Response.self,
                            from: response.body.isEmpty ? Data("{}".utf8) : response.body
                        )
                    }
                )
            } catch let error as APIError {
                let code = Self.normalizedCode(error.code)
                if Self.throttlingCodes.contains(code) && throttled + 1 < rest.retryPolicy.maxAttempts {
                    throttled += 1
                    let delay = rest.retryPolicy.backoff(afterAttempt: throttled, unit: Double.random(in: 0..<1))
                    logger.debug(
                        "aws request throttled",
                        metadata: ["aws.service": "\(service.signingName)", "aws.operation": "\(operation)"]
                    )
                    try await Task.sleep(for: delay)
                    continue
                }
                throw awsError(for: error, operation: operation)
            }
        }
    }

    /// Calls `operation` and ignores the answer's content.
    public func call<Request: Encodable>(
        _ operation: String,
        _ request: Request,
        timeout: Duration? = nil
    )
        async throws
    {
        _ = try await call(operation, request, as: EmptyResponse.self, timeout: timeout)
    }

    struct EmptyResponse: Decodable, Sendable {}
}
