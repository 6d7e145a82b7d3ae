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
        let fields = try readConfigFields(connector: connector)
        let jobs = try validatedJobs(connector: connector, tenant: tenant, fields: fields)
        try await backend.withBackends { backends in
            for job in jobs {
                try await backends.jobRecords.createJob(
                    JobRecord(
                        jobID: job.jobID,
                        tenantID: tenant,
                        source: job.source,
                        config: job.configFields,
                        status: .queued
                    )
                )
            }
            do {
                try await backends.queue.sendBatch(jobs.map { $0.encode() })
            } catch {
                for job in jobs {
                    var failed = JobRecord(
                        jobID: job.jobID,
                        tenantID: tenant,
                        source: job.source,
                        config: job.configFields,
                        status: .failed
                    )
                    failed.error = "could not be enqueued: \(error)"
                    try? await backends.jobRecords.updateJob(failed)
                }
                throw CLIError("could not enqueue the job: \(error)")
            }
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

    private func readConfigFields(connector: Connector) throws -> [String: JSONValue] {
        let text: String
        if let config {
            text = config
        } else if let configFile {
            guard let data = FileManager.default.contents(atPath: configFile) else {
                throw ValidationError("--config-file: cannot read \(configFile)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            if connector.requiresConfig {
                throw ValidationError(
                    "connector \(connector.key) needs --config, e.g. --config '\(JSONValue.object(connector.configExample).canonicalString)'"
                )
            }
            return [:]
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw ValidationError(
                "--config is not valid JSON; expected an object such as \(JSONValue.object(connector.configExample).canonicalString)"
            )
        }
        guard case .object(var fields) = value else {
            throw ValidationError("--config must be a JSON object, got \(value.typeDescription)")
        }
        for key in ["source", "tenant_id", "job_id"] where fields[key] != nil {
            if key == "source", fields[key] == .string(connector.source) {
                fields[key] = nil
                continue
            }
            throw ValidationError(
                "--config: \(key) is set by the CLI (from --connector / --tenant-id) and must not be in the config"
            )
        }
        return fields
    }
}
