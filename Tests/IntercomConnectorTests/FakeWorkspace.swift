import AsyncHTTPClient
import FakeIntercom
import Foundation
import IngestCore
import IngestHTTP
import IngestSQLite
import IntercomConnector
import Logging

/// A fake Intercom, a fresh SQLite file and a job context wired together for extractor tests.
struct ExtractorHarness: Sendable {
    let directory: URL
    let database: SQLiteDatabase
    let artifacts: SQLiteArtifactStore
    let index: SQLiteSearchIndex
    let checkpoints: SQLiteCheckpointStore
    let jobRecords: SQLiteJobRecordStore
    let syncStates: SQLiteSyncStateStore
    let secrets: InMemorySecretStore
    let environment: ConnectorEnvironment
    let tenant: TenantID

    init(
        baseURL: URL,
        token: String,
        tenant: String = "acme",
        retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50))
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ingest-extractor-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try SQLiteDatabase(path: directory.appendingPathComponent("ingest.sqlite").path)
        artifacts = SQLiteArtifactStore(database: database)
        index = SQLiteSearchIndex(database: database)
        checkpoints = SQLiteCheckpointStore(database: database)
        jobRecords = SQLiteJobRecordStore(database: database)
        syncStates = SQLiteSyncStateStore(database: database)
        self.tenant = try TenantID(tenant)
        secrets = InMemorySecretStore(["\(tenant)/intercom_access_token": token])
        environment = ConnectorEnvironment(
            httpClient: HTTPClient.shared,
            variables: ["INTERCOM_BASE_URL": baseURL.absoluteString],
            retryPolicy: retryPolicy,
            attemptTimeout: .seconds(60),
            logger: Logger(label: "test")
        )
    }

    func context(
        jobID: JobID = .random(),
        progress: @escaping @Sendable (JobProgress) async -> Void = { _ in }
    ) -> JobContext {
        JobContext(
            jobID: jobID,
            tenantID: tenant,
            artifacts: artifacts,
            searchIndex: index,
            checkpoints: checkpoints,
            jobRecords: jobRecords,
            syncStates: syncStates,
            secrets: secrets,
            logger: Logger(label: "test"),
            progress: progress
        )
    }

    func run(
        _ config: IntercomConversationsBackfillConfig,
        jobID: JobID = .random(),
        // The shared test client allows 8 connections per host: more would only queue in its pool.
        fetchConcurrency: Int = 8
    ) async throws -> JobCounts {
        try await IntercomConversationsBackfillExtractor(environment: environment, fetchConcurrency: fetchConcurrency)
            .processJob(
                config,
                context: context(jobID: jobID)
            )
    }

    func sync(
        _ config: IntercomConversationsSyncConfig? = nil,
        jobID: JobID = .random(),
        fetchConcurrency: Int = 8,
        overlapSeconds: Int64 = IntercomConversationsSyncExtractor.defaultOverlapSeconds
    ) async throws -> JobCounts {
        try await IntercomConversationsSyncExtractor(
            environment: environment,
            fetchConcurrency: fetchConcurrency,
            overlapSeconds: overlapSeconds
        )
        .processJob(config ?? IntercomConversationsSyncConfig(tenantID: tenant), context: context(jobID: jobID))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every stored artifact of the tenant.
    func stored() async throws -> [Artifact] {
        var all: [Artifact] = []
        try await artifacts.forEachArtifact(tenantID: tenant, source: .intercom, batchSize: 500) { all += $0 }
        return all
    }
}
