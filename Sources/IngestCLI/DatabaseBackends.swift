import AsyncHTTPClient
import IngestAWS
import IngestCore
import IngestPostgres
import IngestSQLite
import Logging
import ServiceLifecycle

/// The stores of one database (artifacts, index, checkpoints, job records) and its queues.
struct DatabaseBackends: Sendable {
    var artifacts: any ArtifactStore
    var searchIndex: any SearchIndex
    var checkpoints: any CheckpointStore
    var jobRecords: any JobRecordStore
    var syncStates: any SyncStateStore
    var leases: any ConnectorLeaseStore
    var schedules: any ScheduleStore
    var makeQueue: @Sendable (String) -> any JobQueue
    var description: String

    static func sqlite(path: String) throws -> DatabaseBackends {
        let database = try SQLiteDatabase(path: path)
        return DatabaseBackends(
            artifacts: SQLiteArtifactStore(database: database),
            searchIndex: SQLiteSearchIndex(database: database),
            checkpoints: SQLiteCheckpointStore(database: database),
            jobRecords: SQLiteJobRecordStore(database: database),
            syncStates: SQLiteSyncStateStore(database: database),
            leases: SQLiteLeaseStore(database: database),
            schedules: SQLiteScheduleStore(database: database),
            makeQueue: { SQLiteJobQueue(database: database, name: $0) },
            description: "sqlite:\(path)"
        )
    }

    /// PostgreSQL: the stores share one connection pool, a `Service` the caller runs (and migrates
    /// once it runs).
    static func postgres(url: String) throws -> (DatabaseBackends, PostgresDatabase) {
        let database = try PostgresDatabase(url: url, logger: Logger(label: "ingest.postgres"))
        let backends = DatabaseBackends(
            artifacts: PostgresArtifactStore(database: database),
            searchIndex: PostgresSearchIndex(database: database),
            checkpoints: PostgresCheckpointStore(database: database),
            jobRecords: PostgresJobRecordStore(database: database),
            syncStates: PostgresSyncStateStore(database: database),
            leases: PostgresLeaseStore(database: database),
            schedules: PostgresScheduleStore(database: database),
            makeQueue: { PostgresJobQueue(database: database, name: $0) },
            description: database.redactedURL
        )
        return (backends, database)
    }
}

/// SQS and SSM from the AWS settings in the environment (AWS SDK conventions).
enum AWSBackends {
    static func sqsQueue(url: String, maxMessageBytes: Int, environment: [String: String]) throws -> any JobQueue {
        try SQSJobQueue(
            queueURL: url,
            configuration: AWSConfiguration(
                environment: environment,
                defaultRegion: SQSJobQueue.region(inQueueURL: url)
            ),
            httpClient: HTTPClient.shared,
            logger: Logger(label: "ingest.sqs"),
            maxMessageBytes: maxMessageBytes
        )
    }

    static func ssmSecrets(template: String, environment: [String: String]) throws -> any SecretStore {
        try SSMSecretStore(
            parameterTemplate: template,
            configuration: AWSConfiguration(environment: environment),
            httpClient: HTTPClient.shared,
            logger: Logger(label: "ingest.ssm")
        )
    }
}
