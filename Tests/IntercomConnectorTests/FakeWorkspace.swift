import AsyncHTTPClient
import FakeIntercom
import Foundation
import GRDB
import IngestCore
import IngestHTTP
import IngestSQLite
import IntercomConnector
import Logging
import Testing

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
        progress: @escaping @Sendable (JobProgress) async -> Void = { _ in },
        isStopping: @escaping @Sendable () -> Bool = { false }
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
            progress: progress,
            isStopping: isStopping
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
        overlapSeconds: Int64 = IntercomConversationsSyncExtractor.defaultOverlapSeconds,
        isStopping: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (JobProgress) async -> Void = { _ in }
    ) async throws -> JobCounts {
        try await IntercomConversationsSyncExtractor(
            environment: environment,
            fetchConcurrency: fetchConcurrency,
            overlapSeconds: overlapSeconds
        )
        .processJob(
            config ?? IntercomConversationsSyncConfig(tenantID: tenant),
            context: context(jobID: jobID, progress: progress, isStopping: isStopping)
        )
    }

    /// Asserts that the store, the search index and the export hold exactly the workspace's live
    /// conversations as they are now: each once, with every part the API returns and its current
    /// `updated_at`, every one indexed and nothing else.
    func expectCopyEquals(
        _ server: FakeIntercomServer,
        token: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let live = server.liveConversations(token: token)
        let stored = try await stored()
        #expect(
            stored.count == live.count,
            "stored \(stored.count), live \(live.count)",
            sourceLocation: sourceLocation
        )
        let byID = Dictionary(stored.map { ($0.externalID, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byID.count == stored.count, "an artifact is stored twice", sourceLocation: sourceLocation)
        var wrong: [String] = []
        for conversation in live {
            guard let artifact = byID[conversation.id] else {
                wrong.append("\(conversation.id) missing")
                continue
            }
            let headings = artifact.content.split(separator: "\n").filter { $0.hasPrefix("— ") }.count
            if headings != min(conversation.parts.count, 500) + 1
                || Int64(artifact.updatedAt.timeIntervalSince1970) != conversation.updatedAt
            {
                wrong.append("\(conversation.id) stale")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong: \(wrong.prefix(5))", sourceLocation: sourceLocation)
        let (indexed, pending) = try await database.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts_fts_docsize") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts WHERE needs_indexing = 1") ?? -1
            )
        }
        #expect(
            indexed == live.count && pending == 0,
            "\(indexed) indexed, \(pending) pending",
            sourceLocation: sourceLocation
        )
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
