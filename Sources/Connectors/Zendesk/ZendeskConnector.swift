import Foundation
public import IngestCore
public import IngestHTTP

/// The Zendesk Support entry of the connector table.
public enum ZendeskConnector {
    public static func connector(environment: ConnectorEnvironment) -> Connector {
        let concurrency = (try? fetchConcurrency(environment.variables)) ?? defaultFetchConcurrency
        return Connector(
            key: "zendesk",
            name: "Zendesk",
            description: "Backfill and sync Zendesk Support tickets (with every comment)",
            requiresConfig: true,
            configExample: [
                "subdomain": "acme",
                "ticket_ids": [35_436, 35_437],
                "max_tickets": 200,
            ],
            splittableField: ("ticket_ids", ZendeskTicketsBackfillConfig.maxTicketIDs),
            documentSource: .zendesk,
            extractor: ZendeskTicketsBackfillExtractor(environment: environment, fetchConcurrency: concurrency),
            sync: ConnectorJob(
                extractor: ZendeskTicketsSyncExtractor(environment: environment, fetchConcurrency: concurrency)
            ),
            checkEnvironment: { (variables) throws(ConfigValidationError) in
                _ = try fetchConcurrency(variables)
                _ = try ZendeskClient.exportRequestsPerMinute(variables)
                _ = try ZendeskClient.baseURL(variables, subdomain: "check")
            }
        )
    }

    /// Tickets whose comments are read at once per job when `ZENDESK_FETCH_CONCURRENCY` is not set; the
    /// account's plan budget paces them (200 to 2,500 requests a minute).
    public static let defaultFetchConcurrency = 16
    public static let fetchConcurrencyVariable = "ZENDESK_FETCH_CONCURRENCY"

    /// `ZENDESK_FETCH_CONCURRENCY`: requests in flight per job, 1 to 256; the default when unset.
    public static func fetchConcurrency(_ variables: [String: String]) throws(ConfigValidationError) -> Int {
        try ConnectorEnvironment.integerSetting(
            fetchConcurrencyVariable,
            in: 1...256,
            default: defaultFetchConcurrency,
            variables: variables
        )
    }
}
