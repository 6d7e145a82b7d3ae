import IngestCore
import IngestSQLite
import ServiceLifecycle

/// The stores of one database (artifacts, index, checkpoints, job records) and its queues.
struct DatabaseBackends: Sendable {
    var artifacts: any ArtifactStore
    var searchIndex: any SearchIndex
    var checkpoints: any CheckpointStore
    var jobRecords: any JobRecordStore
    var makeQueue: @Sendable (String) -> any JobQueue
    var description: String

    static func sqlite(path: String) throws -> DatabaseBackends {
        let database = try SQLiteDatabase(path: path)
        return DatabaseBackends(
            artifacts: SQLiteArtifactStore(database: database),
            searchIndex: SQLiteSearchIndex(database: database),
            checkpoints: SQLiteCheckpointStore(database: database),
            jobRecords: SQLiteJobRecordStore(database: database),
            makeQueue: { SQLiteJobQueue(database: database, name: $0) },
            description: "sqlite:\(path)"
        )
    }

    static func postgres(url: String) throws -> (DatabaseBackends, any Service) {
        throw CLIError("PostgreSQL is not wired in yet")
    }
}

/// SQS and SSM from the AWS settings in the environment.
enum AWSBackends {
    static func sqsQueue(url: String, maxMessageBytes: Int, environment: [String: String]) throws -> any JobQueue {
        throw CLIError("SQS is not wired in yet")
    }

    static func ssmSecrets(template: String, environment: [String: String]) throws -> any SecretStore {
        throw CLIError("SSM is not wired in yet")
    }
}
