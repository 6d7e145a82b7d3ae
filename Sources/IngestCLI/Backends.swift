import Foundation
import IngestCore
import IngestSQLite
import IngestWorker

/// The composition root's choice of backends, made from URLs (DESIGN §3).
struct Backends: Sendable {
    var database: SQLiteDatabase
    var queue: any JobQueue
    var artifacts: any ArtifactStore
    var searchIndex: any SearchIndex
    var checkpoints: any CheckpointStore
    var jobRecords: any JobRecordStore
    var secrets: any SecretStore
    var writableSecrets: (any WritableSecretStore)?
    var databaseDescription: String

    var workerStores: WorkerStores {
        WorkerStores(
            queue: queue,
            artifacts: artifacts,
            searchIndex: searchIndex,
            checkpoints: checkpoints,
            jobRecords: jobRecords,
            secrets: secrets
        )
    }

    static func open(
        databaseURL: String,
        queueURL: String?,
        secretsURL: String?,
        environment: [String: String]
    ) throws -> Backends {
        guard let path = SQLiteDatabase.path(fromURL: databaseURL) else {
            if databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") {
                throw CLIError(
                    "--database: PostgreSQL is not available in this build yet; use sqlite:PATH (the default is sqlite:ingest.sqlite)"
                )
            }
            throw CLIError(
                "--database: \"\(redactedURL(databaseURL))\" is not a supported database URL; use sqlite:PATH (default sqlite:ingest.sqlite)"
            )
        }
        let database = try SQLiteDatabase(path: path)
        let queue: any JobQueue
        if let queueURL, !queueURL.isEmpty, queueURL != databaseURL {
            guard let queuePath = SQLiteDatabase.path(fromURL: queueURL) else {
                throw CLIError(
                    "--queue: \"\(redactedURL(queueURL))\" is not a supported queue URL in this build; use sqlite:PATH (default: the database file)"
                )
            }
            queue = SQLiteJobQueue(database: try SQLiteDatabase(path: queuePath))
        } else {
            queue = SQLiteJobQueue(database: database)
        }
        let secretsSetting = secretsURL.flatMap { $0.isEmpty ? nil : $0 } ?? "file:"
        guard secretsSetting.hasPrefix("file:") else {
            throw CLIError(
                "--secrets: \"\(secretsSetting.prefix(60))\" is not supported in this build; use file:PATH (default file: \(FileSecretStore.defaultPath(environment: environment)))"
            )
        }
        let secretsPath = String(secretsSetting.dropFirst("file:".count))
        let secrets = FileSecretStore(
            path: secretsPath.isEmpty ? FileSecretStore.defaultPath(environment: environment) : secretsPath
        )
        return Backends(
            database: database,
            queue: queue,
            artifacts: SQLiteArtifactStore(database: database),
            searchIndex: SQLiteSearchIndex(database: database),
            checkpoints: SQLiteCheckpointStore(database: database),
            jobRecords: SQLiteJobRecordStore(database: database),
            secrets: secrets,
            writableSecrets: secrets,
            databaseDescription: "sqlite:\(path)"
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
