import AsyncHTTPClient
import FakeZendesk
import Foundation
import GRDB
import IngestCore
import IngestHTTP
import IngestSQLite
import Logging
import Testing
import ZendeskConnector

/// A fake Zendesk, a fresh SQLite file and a job context wired together for extractor tests.
struct ZendeskHarness: Sendable {
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
    let subdomain: String

    init(
        baseURL: URL,
        token: String,
        tenant: String = "acme",
        subdomain: String = "acme",
        email: String? = nil,
        variables: [String: String] = [:]
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-zendesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try SQLiteDatabase(path: directory.appendingPathComponent("ingest.sqlite").path)
        artifacts = SQLiteArtifactStore(database: database)
        index = SQLiteSearchIndex(database: database)
        checkpoints = SQLiteCheckpointStore(database: database)
        jobRecords = SQLiteJobRecordStore(database: database)
        syncStates = SQLiteSyncStateStore(database: database)
        self.tenant = try TenantID(tenant)
        self.subdomain = subdomain
        let secretName = email == nil ? ZendeskClient.accessTokenSecretName : ZendeskClient.apiTokenSecretName
        secrets = InMemorySecretStore(["\(tenant)/\(secretName)": token])
        environment = ConnectorEnvironment(
            httpClient: HTTPClient.shared,
            variables: [ZendeskClient.baseURLVariable: baseURL.absoluteString].merging(variables) { $1 },
            retryPolicy: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50)),
            attemptTimeout: .seconds(60),
            logger: Logger(label: "test")
        )
    }

    func context(
        jobID: JobID = .random(),
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
            progress: { _ in },
            isStopping: isStopping
        )
    }

    func backfill(
        _ config: ZendeskTicketsBackfillConfig? = nil,
        jobID: JobID = .random(),
        // The shared test client allows 8 connections per host: more would only queue in its pool.
        fetchConcurrency: Int = 8,
        isStopping: @escaping @Sendable () -> Bool = { false }
    ) async throws -> JobCounts {
        try await ZendeskTicketsBackfillExtractor(environment: environment, fetchConcurrency: fetchConcurrency)
            .processJob(
                config ?? ZendeskTicketsBackfillConfig(tenantID: tenant, subdomain: subdomain),
                context: context(jobID: jobID, isStopping: isStopping)
            )
    }

    func sync(
        _ config: ZendeskTicketsSyncConfig? = nil,
        jobID: JobID = .random(),
        fetchConcurrency: Int = 8
    ) async throws -> JobCounts {
        try await ZendeskTicketsSyncExtractor(environment: environment, fetchConcurrency: fetchConcurrency)
            .processJob(config ?? ZendeskTicketsSyncConfig(tenantID: tenant), context: context(jobID: jobID))
    }

    /// Every stored Zendesk artifact of the tenant.
    func stored() async throws -> [Artifact] {
        var all: [Artifact] = []
        try await artifacts.forEachArtifact(tenantID: tenant, source: .zendesk, batchSize: 500) { all += $0 }
        return all
    }

    /// Asserts that the store and the search index hold exactly the account's live tickets as they are
    /// now: each once, every comment in order (by id, from the stored payload), every author named in
    /// the transcript, internal notes marked, the current status, and every one indexed.
    func expectCopyEquals(
        _ server: FakeZendeskServer,
        credential: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let live = server.liveTickets(credential: credential)
        let stored = try await stored()
        #expect(
            stored.count == live.count,
            "stored \(stored.count), live \(live.count)",
            sourceLocation: sourceLocation
        )
        let byID = Dictionary(stored.map { ($0.externalID, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byID.count == stored.count, "a ticket is stored twice", sourceLocation: sourceLocation)
        var wrong: [String] = []
        for ticket in live {
            guard let artifact = byID[String(ticket.id)] else {
                wrong.append("\(ticket.id) missing")
                continue
            }
            if let problem = problem(artifact, ticket) { wrong.append("\(ticket.id): \(problem)") }
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

    /// What is wrong with the stored copy of `ticket`, or nil.
    func problem(_ artifact: Artifact, _ ticket: FakeTicket) -> String? {
        guard let raw = try? JSONDecoder().decode(JSONValue.self, from: artifact.rawPayload),
            let comments = raw.objectValue?["comments"]?.arrayValue
        else { return "no payload" }
        let storedIDs = comments.compactMap { comment -> Int64? in
            guard case .number(let id)? = comment.objectValue?["id"] else { return nil }
            return Int64(id)
        }
        if storedIDs != ticket.comments.map(\.id) {
            return "comments \(storedIDs.count) stored, \(ticket.comments.count) in the account (or out of order)"
        }
        if comments.contains(where: { $0.objectValue?["metadata"] != nil }) { return "comment metadata stored" }
        if artifact.state != ticket.status { return "status \(artifact.state ?? "nil"), account \(ticket.status)" }
        if Int64(artifact.updatedAt.timeIntervalSince1970) != ticket.generatedTimestamp { return "stale version" }
        let notes = artifact.content.components(separatedBy: " · internal note").count - 1
        if notes != ticket.comments.filter({ !$0.isPublic }).count { return "\(notes) internal notes marked" }
        for comment in ticket.comments
        where !artifact.content.contains("— \(comment.authorName) (\(comment.authorRole))") {
            return "author \(comment.authorName) not named"
        }
        if artifact.title.isEmpty || !ticket.subject.hasPrefix(artifact.title.prefix(1)) { return "title" }
        if artifact.url != "https://\(subdomain).zendesk.com/agent/tickets/\(ticket.id)" {
            return "url \(artifact.url ?? "nil")"
        }
        return nil
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
