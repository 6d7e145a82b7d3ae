import IngestCore
import IngestHTTP
import IntercomConnector
import ZendeskConnector

/// Every connector this build ships — the composition root's list, so the worker imports none.
/// Adding a connector is one line here (and its target in `Package.swift`).
enum BuiltInConnectors {
    static func registry(environment: ConnectorEnvironment) -> ConnectorRegistry {
        ConnectorRegistry([
            IntercomConnector.connector(environment: environment),
            ZendeskConnector.connector(environment: environment),
        ])
    }
}
