import AsyncHTTPClient
import Foundation
import IngestCore
import IngestHTTP
import IngestWorker
import Logging
import NIOCore

/// The connector table with the process's HTTP client and environment.
enum Registry {
    /// The process's client for connector APIs: like `HTTPClient.shared` (it lives as long as the
    /// process), but with a connection pool large enough for every request a job keeps in flight
    /// (`HTTPClient.shared` allows 8 connections per host).
    static let connectorHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: 256
        )
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    static func make(
        variables: [String: String] = ProcessInfo.processInfo.environment,
        budgets: RequestBudgets = RequestBudgets()
    ) -> ConnectorRegistry {
        ConnectorRegistry.builtIn(
            environment: ConnectorEnvironment(
                httpClient: connectorHTTPClient,
                budgets: budgets,
                variables: variables,
                logger: Logger(label: "ingest.connector")
            )
        )
    }
}
