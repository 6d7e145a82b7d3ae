/// One entry of the connector table: what `ingest connectors` lists, how the CLI and the worker
/// validate a config for it, and how the worker runs it.
public struct Connector: Sendable {
    /// The name users type: `ingest backfill --connector intercom`.
    public var key: String
    /// Display name, e.g. `Intercom`.
    public var name: String
    public var description: String
    /// The job message's `source` value.
    public var source: String
    /// Whether `ingest backfill` needs `--config` (false: an empty config means "fetch everything").
    public var requiresConfig: Bool
    /// A config users can copy.
    public var configExample: [String: JSONValue]
    /// The config field holding a list of ids that may be split over several jobs (e.g.
    /// `conversation_ids`), and the most ids one job may carry.
    public var splittableField: (name: String, maxItemsPerJob: Int)?
    /// Validates config fields for a tenant (strict; the error names the field).
    public var validate:
        @Sendable (TenantID, [String: JSONValue]) throws(ConfigValidationError) -> any BackfillIngestConfig
    /// Runs a job whose config `validate` produced.
    public var run: @Sendable (any BackfillIngestConfig, JobContext) async throws -> JobCounts
    /// The system its artifacts, marks and schedules are filed under (`intercom`).
    public var documentSource: DocumentSource
    /// Its incremental sync (`ingest sync`), if it has one: a job kind of its own `source`.
    public var sync: ConnectorJob?
    /// Checks the connector's environment settings (e.g. `INTERCOM_FETCH_CONCURRENCY`) when a worker
    /// starts, so a bad value stops it with the variable named instead of being ignored.
    public var checkEnvironment: @Sendable ([String: String]) throws(ConfigValidationError) -> Void

    /// A connector backed by `extractor`, whose config type supplies the `source` key.
    public init<E: Extractor>(
        key: String,
        name: String,
        description: String,
        requiresConfig: Bool,
        configExample: [String: JSONValue],
        splittableField: (name: String, maxItemsPerJob: Int)? = nil,
        documentSource: DocumentSource,
        extractor: E,
        sync: ConnectorJob? = nil,
        checkEnvironment: @escaping @Sendable ([String: String]) throws(ConfigValidationError) -> Void = { _ in }
    ) {
        self.documentSource = documentSource
        self.sync = sync
        self.checkEnvironment = checkEnvironment
        self.key = key
        self.name = name
        self.description = description
        self.source = E.Config.source
        self.requiresConfig = requiresConfig
        self.configExample = configExample
        self.splittableField = splittableField
        self.validate = { (tenantID, fields) throws(ConfigValidationError) -> any BackfillIngestConfig in
            try E.Config.validate(tenantID: tenantID, fields: fields)
        }
        self.run = { config, context in
            guard let typed = config as? E.Config else {
                throw IngestError(.configuration, "connector \(key) was given a config of type \(type(of: config))")
            }
            return try await extractor.processJob(typed, context: context)
        }
    }
}

/// One kind of job a connector runs (its sync): the `source` key, validation and the run.
public struct ConnectorJob: Sendable {
    public var source: String
    public var validate:
        @Sendable (TenantID, [String: JSONValue]) throws(ConfigValidationError) -> any BackfillIngestConfig
    public var run: @Sendable (any BackfillIngestConfig, JobContext) async throws -> JobCounts

    public init<E: Extractor>(extractor: E) {
        self.source = E.Config.source
        self.validate = { (tenantID, fields) throws(ConfigValidationError) -> any BackfillIngestConfig in
            try E.Config.validate(tenantID: tenantID, fields: fields)
        }
        self.run = { config, context in
            guard let typed = config as? E.Config else {
                throw IngestError(
                    .configuration,
                    "job \(E.Config.source) was given a config of type \(type(of: config))"
                )
            }
            return try await extractor.processJob(typed, context: context)
        }
    }
}

extension Connector {
    /// Every job source this connector runs: its backfill and, if any, its sync.
    public var sources: [String] { [source] + (sync.map { [$0.source] } ?? []) }

    /// Validates config fields for a job of `source` (the backfill's or the sync's).
    public func validate(
        source jobSource: String,
        tenantID: TenantID,
        fields: [String: JSONValue]
    ) throws(ConfigValidationError) -> any BackfillIngestConfig {
        if let sync, jobSource == sync.source { return try sync.validate(tenantID, fields) }
        return try validate(tenantID, fields)
    }

    /// Runs a job whose config ``validate(source:tenantID:fields:)`` produced.
    public func runJob(_ config: any BackfillIngestConfig, _ context: JobContext) async throws -> JobCounts {
        if let sync, type(of: config).source == sync.source { return try await sync.run(config, context) }
        return try await run(config, context)
    }
}
