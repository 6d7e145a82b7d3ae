import ArgumentParser
import Foundation
import IngestCore

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Enqueue an incremental sync: changes and deletions since the last sync (prints the job id).",
        discussion: """
            The sync reads what changed since the tenant's stored mark, which a full backfill sets first; \
            config fields: updated_since (Unix seconds, overrides the mark) and region.
            """
    )

    @Option(name: .customLong("tenant-id"), help: "The tenant to sync.")
    var tenantID: String

    @Option(help: "The connector key (see `ingest connectors`).")
    var connector: String

    @Option(help: ArgumentHelp("The sync config as a JSON object.", valueName: "json"))
    var config: String?

    @Flag(help: "Wait for a worker to finish the job, showing its progress; exit non-zero unless it succeeds.")
    var wait = false

    @OptionGroup var backend: BackendOptions
    @OptionGroup var logging: LoggingOptions

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
        guard let sync = connector.sync else {
            throw ValidationError("connector \(connector.key) has no incremental sync; run `ingest backfill` instead")
        }
        let fields = try ConfigInput.fields(
            config: config,
            configFile: nil,
            source: sync.source,
            required: false,
            connector: connector,
            example: ["updated_since": 1_760_000_000]
        )
        let job: IngestJob
        do {
            job = IngestJob(config: try sync.validate(tenant, fields), jobID: .random())
        } catch {
            throw ValidationError(
                "invalid sync config for connector \(connector.key): \(error)\n"
                    + "example: {\"updated_since\":1760000000}"
            )
        }
        try await backend.withBackends { backends in
            if fields["updated_since"] == nil {
                let state = try await backends.syncStates.syncState(tenantID: tenant, source: connector.documentSource)
                guard state?.changesMark != nil else {
                    throw CLIError(
                        "tenant \(tenant) has no \(connector.name) sync mark yet: run a full backfill first "
                            + "(`ingest backfill --tenant-id \(tenant) --connector \(connector.key)`), "
                            + "or pass --config '{\"updated_since\": UNIX_SECONDS}'"
                    )
                }
            }
            try await ConfigInput.enqueue([job], backends: backends)
            print(job.jobID.rawValue)
            guard wait else { return }
            try await JobWaiter(jobRecords: backends.jobRecords).wait(for: job.jobID)
        }
    }
}
