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
    /// process), but with ``connectorHTTPConfiguration``, and requests in turn on each event loop
    /// (``SpreadingEventLoopGroup``), so the work after each answer spreads over the cores.
    static let connectorHTTPClient = HTTPClient(
        eventLoopGroup: SpreadingEventLoopGroup(),
        configuration: connectorHTTPConfiguration
    )

    /// A connection pool large enough for every request a job keeps in flight (`HTTPClient.shared`
    /// allows 8 connections per host). A connection that cannot be established fails its request at
    /// once (after at most the 10-second connect timeout) instead of being retried silently inside the
    /// pool until the request's deadline: the REST layer retries it, and warns that the host cannot
    /// be reached.
    static let connectorHTTPConfiguration: HTTPClient.Configuration = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: 256
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        // Ingest bootstraps no tracer: with the default (the no-op tracer) the client still builds each
        // request's span attributes, parsing its URL a second time (1.6% of a worker's CPU).
        configuration.tracing.tracer = nil
        // HTTP/1.1 only. Over HTTP/2 every request to a host shares one connection, so every answer,
        // and the decoding after it, would land on that connection's event loop: one core for all
        // of a worker's jobs against that API. HTTP/1.1 connections are spread over the loops.
        configuration.httpVersion = .http1Only
        return configuration
    }()

    static func make(
        variables: [String: String] = ProcessInfo.processInfo.environment,
        budgets: RequestBudgets = RequestBudgets()
    ) -> ConnectorRegistry {
        BuiltInConnectors.registry(
            environment: ConnectorEnvironment(
                httpClient: connectorHTTPClient,
                budgets: budgets,
                variables: variables,
                logger: Logger(label: "ingest.connector")
            )
        )
    }
}
