import ArgumentParser
import Foundation
import IngestCore

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Validate a backfill config and enqueue the job (prints the job id).",
        discussion: "Nothing is enqueued unless the connector and the whole config are valid."
    )

    @Option(name: .customLong("tenant-id"), help: "The tenant to backfill.")
    var tenantID: String

    @Option(help: "The connector key (see `ingest connectors`).")
    var connector: String

    @Option(help: ArgumentHelp("The config as a JSON object.", valueName: "json"))
    var config: String?

    @Option(name: .customLong("config-file"), help: ArgumentHelp("A file holding the config JSON.", valueName: "path"))
    var configFile: String?

    @Flag(help: "Wait for a worker to finish the job, showing its progress; exit non-zero unless it succeeds.")
    var wait = false

    @OptionGroup var backend: BackendOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if config != nil && configFile != nil {
            throw ValidationError("--config and --config-file cannot be used together; pass the config one way")
        }
    }

    func run() async throws {
        try logging.bootstrap()
        let registry = Registry.make()
        let tenant: TenantID
        do {
            tenant = try TenantID(tenantID)
        } catch {
            throw ValidationError("--tenant-id \(error.problem)")
        }
        guard let connector = registry.connector(key: self.connector) else {
            throw ValidationError(registry.unknownConnectorMessage(self.connector))
        }
        let fields = try ConfigInput.fields(
            config: config,
            configFile: configFile,
            source: connector.source,
            required: connector.requiresConfig,
            connector: connector
        )
        let jobs = try validatedJobs(connector: connector, tenant: tenant, fields: fields)
        try await backend.withBackends { backends in
            try await ConfigInput.enqueue(jobs, backends: backends)
            for job in jobs { print(job.jobID.rawValue) }
            if jobs.count > 1 {
                FileHandle.standardError.write(
                    Data(
                        "the id list was split into \(jobs.count) jobs (at most \(connector.splittableField?.maxItemsPerJob ?? 0) ids and \(backend.maxMessageBytes) bytes each)\n"
                            .utf8
                    )
                )
            }
            guard wait else { return }
            for job in jobs {
                try await JobWaiter(jobRecords: backends.jobRecords).wait(for: job.jobID)
            }
        }
    }

    /// The job(s) for this config: an id list too long for one job or one queue message is split;
    /// every part is validated before anything is enqueued.
    private func validatedJobs(
        connector: Connector,
        tenant: TenantID,
        fields: [String: JSONValue]
    ) throws -> [IngestJob] {
        let draft = IngestJob(source: connector.source, tenantID: tenant, jobID: .random(), configFields: fields)
        let parts: [IngestJob]
        do {
            if let field = connector.splittableField {
                parts = try draft.splitting(
                    field: field.name,
                    maxItems: field.maxItemsPerJob,
                    maxBytes: backend.maxMessageBytes
                )
            } else {
                parts = try draft.splitting(field: "", maxItems: .max, maxBytes: backend.maxMessageBytes)
            }
        } catch {
            throw ValidationError("the job is too large for the queue: \(error)")
        }
        return try parts.map { part in
            do {
                return IngestJob(config: try connector.validate(tenant, part.configFields), jobID: part.jobID)
            } catch {
                throw ValidationError(
                    "invalid config for connector \(connector.key): \(error)\n"
                        + "example: \(JSONValue.object(connector.configExample).canonicalString)"
                )
            }
        }
    }
}
