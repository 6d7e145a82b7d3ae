import Foundation
import IngestCore
import IngestPostgres
import IngestSQLite
import IngestWorker
import ServiceLifecycle

/// The composition root's choice of backends, made from URLs (DESIGN §3): the only place that
/// knows concrete types.
struct Backends: Sendable {
    var queue: any JobQueue
    var artifacts: any ArtifactStore
    var searchIndex: any SearchIndex
    var checkpoints: any CheckpointStore
    var jobRecords: any JobRecordStore
    var syncStates: any SyncStateStore
    var leases: any ConnectorLeaseStore
    var schedules: any ScheduleStore
    var secrets: any SecretStore
    var writableSecrets: (any WritableSecretStore)?
    /// A queue of another name on the same queue backend (the demo uses its own).
    var namedQueue: @Sendable (String) -> any JobQueue
    var databaseDescription: String

    var workerStores: WorkerStores {
        WorkerStores(
            queue: queue,
            artifacts: artifacts,
            searchIndex: searchIndex,
            checkpoints: checkpoints,
            jobRecords: jobRecords,
            syncStates: syncStates,
            leases: leases,
            schedules: schedules,
            secrets: secrets
        )
    }
}

/// What `Backends.open` chose, plus the long-lived clients (services) that must run while it is
/// used and what must happen once they run (migrations).
struct OpenedBackends: Sendable {
    var backends: Backends
    var services: [any Service]
    var prepare: [@Sendable () async throws -> Void]
}

extension Backends {
    static func open(
        databaseURL: String,
        queueURL: String?,
        secretsURL: String?,
        maxMessageBytes: Int,
        environment: [String: String]
    ) throws -> OpenedBackends {
        var services: [any Service] = []
        var prepare: [@Sendable () async throws -> Void] = []
        let stores: DatabaseBackends
        if let path = SQLiteDatabase.path(fromURL: databaseURL) {
            stores = try DatabaseBackends.sqlite(path: path)
        } else if databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") {
            let (postgres, database) = try DatabaseBackends.postgres(url: databaseURL)
            stores = postgres
            services.append(database)
            prepare.append { _ = try await database.migrate() }
        } else {
            throw CLIError(
                "--database: \"\(redactedURL(databaseURL))\" is not a supported database URL; "
                    + "use sqlite:PATH (the default is sqlite:ingest.sqlite) or postgres://USER:PASSWORD@HOST:PORT/DB"
            )
        }

        let queue: any JobQueue
        let namedQueue: @Sendable (String) -> any JobQueue
        let queueSetting = queueURL.flatMap { $0.isEmpty ? nil : $0 } ?? databaseURL
        if queueSetting == databaseURL {
            queue = stores.makeQueue("ingest-jobs")
            namedQueue = stores.makeQueue
        } else if let path = SQLiteDatabase.path(fromURL: queueSetting) {
            let database = try SQLiteDatabase(path: path)
            queue = SQLiteJobQueue(database: database)
            namedQueue = { SQLiteJobQueue(database: database, name: $0) }
        } else if queueSetting.hasPrefix("postgres://") || queueSetting.hasPrefix("postgresql://") {
            let (postgres, database) = try DatabaseBackends.postgres(url: queueSetting)
            services.append(database)
            prepare.append { _ = try await database.migrate() }
            queue = postgres.makeQueue("ingest-jobs")
            namedQueue = postgres.makeQueue
        } else if queueSetting.hasPrefix("https://") || queueSetting.hasPrefix("http://") {
            let sqs = try AWSBackends.sqsQueue(
                url: queueSetting,
                maxMessageBytes: maxMessageBytes,
                environment: environment
            )
            queue = sqs
            namedQueue = { _ in sqs }
        } else {
            throw CLIError(
                "--queue: \"\(redactedURL(queueSetting))\" is not a supported queue URL; use sqlite:PATH, "
                    + "postgres://… or an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)"
            )
        }

        let secretsSetting = secretsURL.flatMap { $0.isEmpty ? nil : $0 } ?? "file:"
        let secrets: any SecretStore
        var writableSecrets: (any WritableSecretStore)?
        if secretsSetting.hasPrefix("file:") {
            let path = String(secretsSetting.dropFirst("file:".count))
            let store = FileSecretStore(
                path: path.isEmpty ? FileSecretStore.defaultPath(environment: environment) : path
            )
            secrets = store
            writableSecrets = store
        } else if secretsSetting.hasPrefix("ssm:") {
            secrets = try AWSBackends.ssmSecrets(
                template: String(secretsSetting.dropFirst("ssm:".count)),
                environment: environment
            )
        } else {
            throw CLIError(
                "--secrets: \"\(secretsSetting.prefix(80))\" is not supported; use file:PATH "
                    + "(default \(FileSecretStore.defaultPath(environment: environment))) or ssm:/ingest/{tenant}/{name}"
            )
        }

        return OpenedBackends(
            backends: Backends(
                queue: queue,
                artifacts: stores.artifacts,
                searchIndex: stores.searchIndex,
                checkpoints: stores.checkpoints,
                jobRecords: stores.jobRecords,
                syncStates: stores.syncStates,
                leases: stores.leases,
                schedules: stores.schedules,
                secrets: secrets,
                writableSecrets: writableSecrets,
                namedQueue: namedQueue,
                databaseDescription: stores.description
            ),
            services: services,
            prepare: prepare
        )
    }

    /// A URL with any password replaced, for messages.
    static func redactedURL(_ url: String) -> String {
        guard let components = URLComponents(string: url), components.password != nil else {
            return String(url.prefix(200))
        }
        var redacted = components
        redacted.password = "***"
        return redacted.string ?? "<url>"
    }
}

/// A runtime failure the CLI reports as `error: <message>` with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
