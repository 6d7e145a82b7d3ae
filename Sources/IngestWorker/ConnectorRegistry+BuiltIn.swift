public import IngestCore
public import IngestHTTP
import IntercomConnector

extension ConnectorRegistry {
    /// Every connector this build ships. Adding a connector is one line here.
    public static func builtIn(environment: ConnectorEnvironment) -> ConnectorRegistry {
        ConnectorRegistry([
            IntercomConnector.connector(environment: environment)
        ])
    }
}
