public import AsyncHTTPClient
public import Logging

/// What connectors get from the process that hosts them: the shared HTTP client, the request
/// budgets per API workspace, the environment variables they read (e.g. `INTERCOM_BASE_URL`) and
/// the retry settings of the REST layer.
public struct ConnectorEnvironment: Sendable {
    public var httpClient: HTTPClient
    public var budgets: RequestBudgets
    public var variables: [String: String]
    public var retryPolicy: RetryPolicy
    public var attemptTimeout: Duration
    public var logger: Logger

    public init(
        httpClient: HTTPClient,
        budgets: RequestBudgets = RequestBudgets(),
        variables: [String: String],
        retryPolicy: RetryPolicy = RetryPolicy(),
        attemptTimeout: Duration = .seconds(30),
        logger: Logger
    ) {
        self.httpClient = httpClient
        self.budgets = budgets
        self.variables = variables
        self.retryPolicy = retryPolicy
        self.attemptTimeout = attemptTimeout
        self.logger = logger
    }

    /// A REST client for one job, logging with `logger`, reading rate limits and errors in the API's
    /// `dialect`.
    public func restClient(logger: Logger, dialect: APIDialect = .standard) -> RESTClient {
        RESTClient(
            httpClient: httpClient,
            retryPolicy: retryPolicy,
            attemptTimeout: attemptTimeout,
            dialect: dialect,
            logger: logger
        )
    }
}
