/// The table of connectors, keyed by CLI key and by job `source` — the guide's `CONNECTORS` plus
/// the worker's source switch in one place.
public struct ConnectorRegistry: Sendable {
    public let connectors: [Connector]

    public init(_ connectors: [Connector]) {
        var seenKeys = Set<String>()
        var seenSources = Set<String>()
        for connector in connectors {
            precondition(seenKeys.insert(connector.key).inserted, "duplicate connector key \(connector.key)")
            for source in connector.sources {
                precondition(seenSources.insert(source).inserted, "duplicate connector source \(source)")
            }
        }
        self.connectors = connectors
    }

    /// The connector users name with `--connector`.
    public func connector(key: String) -> Connector? {
        connectors.first { $0.key == key }
    }

    /// The connector that runs messages with this `source`.
    public func connector(source: String) -> Connector? {
        connectors.first { $0.sources.contains(source) }
    }

    /// Validates a queue message against the connector for its `source`.
    public func validate(_ job: IngestJob) throws(ConfigValidationError) -> (Connector, any BackfillIngestConfig) {
        guard let connector = connector(source: job.source) else {
            let known = connectors.flatMap(\.sources).map { "\"\($0)\"" }.joined(separator: ", ")
            throw ConfigValidationError(
                field: "source",
                problem: "\"\(job.source.prefix(80))\" is not a known source (known: \(known))"
            )
        }
        return (connector, try connector.validate(source: job.source, tenantID: job.tenantID, fields: job.configFields))
    }

    /// A message for an unknown `--connector` value.
    public func unknownConnectorMessage(_ key: String) -> String {
        "unknown connector \"\(key)\"; available: \(connectors.map(\.key).joined(separator: ", ")) (see `ingest connectors`)"
    }
}
