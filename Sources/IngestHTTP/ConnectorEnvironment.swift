public import AsyncHTTPClient
import Foundation
public import IngestCore
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

extension ConnectorEnvironment {
    /// An integer setting from environment `variables` (e.g. `INTERCOM_FETCH_CONCURRENCY`) within
    /// `range`; `defaultValue` when unset. A bad value is an error naming the variable.
    public static func integerSetting(
        _ name: String,
        in range: ClosedRange<Int>,
        default defaultValue: Int,
        variables: [String: String]
    ) throws(ConfigValidationError) -> Int {
        guard let text = variables[name] else { return defaultValue }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigValidationError(
                field: name,
                problem:
                    "must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text.prefix(40))\""
            )
        }
        return value
    }
}
