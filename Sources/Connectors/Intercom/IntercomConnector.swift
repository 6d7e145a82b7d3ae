import Foundation
public import IngestCore
public import IngestHTTP

/// The Intercom entry of the connector table.
public enum IntercomConnector {
    public static func connector(environment: ConnectorEnvironment) -> Connector {
        let concurrency = (try? fetchConcurrency(environment.variables)) ?? defaultFetchConcurrency
        return Connector(
            key: "intercom",
            name: "Intercom",
            description: "Backfill and sync conversations (and parts) from Intercom",
            requiresConfig: false,
            configExample: [
                "conversation_ids": ["12345", "67890"],
                "per_page": 100,
                "max_conversations": 200,
            ],
            splittableField: ("conversation_ids", IntercomConversationsBackfillConfig.maxConversationIDs),
            documentSource: .intercom,
            extractor: IntercomConversationsBackfillExtractor(
                environment: environment,
                fetchConcurrency: concurrency
            ),
            sync: ConnectorJob(
                extractor: IntercomConversationsSyncExtractor(environment: environment, fetchConcurrency: concurrency)
            ),
            checkEnvironment: { (variables) throws(ConfigValidationError) in _ = try fetchConcurrency(variables) }
        )
    }

    /// Conversations retrieved at once per job when `INTERCOM_FETCH_CONCURRENCY` is not set: enough to
    /// keep Intercom's 10,000 requests a minute busy at 200 ms round trips; the request budget paces
    /// them to the workspace's limit.
    public static let defaultFetchConcurrency = 32
    public static let fetchConcurrencyVariable = "INTERCOM_FETCH_CONCURRENCY"

    /// `INTERCOM_FETCH_CONCURRENCY`: requests in flight per job, 1 (the sequential design: one request
    /// at a time) to 256; the default when unset.
    public static func fetchConcurrency(_ variables: [String: String]) throws(ConfigValidationError) -> Int {
        try ConnectorEnvironment.integerSetting(
            fetchConcurrencyVariable,
            in: 1...256,
            default: defaultFetchConcurrency,
            variables: variables
        )
    }
}
