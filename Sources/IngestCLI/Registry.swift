import AsyncHTTPClient
import Foundation
import IngestCore
import IngestHTTP
import IngestWorker
import Logging

/// The connector table with the process's HTTP client and environment.
enum Registry {
    static func make(
        variables: [String: String] = ProcessInfo.processInfo.environment,
        budgets: RequestBudgets = RequestBudgets()
    ) -> ConnectorRegistry {
        ConnectorRegistry.builtIn(
            environment: ConnectorEnvironment(
                httpClient: HTTPClient.shared,
                budgets: budgets,
                variables: variables,
                logger: Logger(label: "ingest.connector")
            )
        )
    }
}
