import Foundation
public import IngestCore
public import IngestHTTP
import Logging

/// The single backfill extractor for Intercom conversations: pages through every conversation, or
/// fetches specific ids. Each page (or batch of ids) is stored in one transaction with the
/// checkpoint that describes it, then indexed; a restarted job resumes from that checkpoint.
public struct IntercomConversationsBackfillExtractor: IntercomExtractor, Extractor {
    public typealias Config = IntercomConversationsBackfillConfig

    public let environment: ConnectorEnvironment
    public let fetchConcurrency: Int
    /// A job fails when more than this many items failed …
    public let failureThreshold: Int
    /// … and they are more than this share of the items processed.
    public let failureShare: Double

    public init(
        environment: ConnectorEnvironment,
        fetchConcurrency: Int = IntercomConnector.defaultFetchConcurrency,
        failureThreshold: Int = 10,
        failureShare: Double = 0.05
    ) {
        self.environment = environment
        self.fetchConcurrency = fetchConcurrency
        self.failureThreshold = failureThreshold
        self.failureShare = failureShare
    }

    public func processJob(_ config: Config, context: JobContext) async throws -> JobCounts {
        let saved = try await context.checkpoints.checkpoint(jobID: context.jobID, tenantID: context.tenantID)
        if let saved, saved.finished {
            context.logger.info("job already complete at its checkpoint", metadata: ["job.id": "\(context.jobID)"])
            return saved.counts
        }
        let client = try await intercomClient(region: config.region, context: context)
        let inbox = try await inboxBaseURL(client: client, region: config.region)
        let counts: JobCounts
        if let ids = config.conversationIDs {
            counts = try await processSpecificConversations(
                ids,
                config: config,
                resumeFrom: saved,
                client: client,
                inbox: inbox,
                context: context
            )
        } else {
            counts = try await processAllConversations(
                config: config,
                resumeFrom: saved,
                client: client,
                inbox: inbox,
                context: context
            )
        }
        if counts.failed > failureThreshold && Double(counts.failed) > failureShare * Double(max(counts.processed, 1)) {
            throw IngestError(
                .tooManyFailures,
                "\(counts.failed) of \(counts.processed) conversations failed (more than \(failureThreshold) and "
                    + "\(Int(failureShare * 100))%); `ingest jobs show \(context.jobID)` lists them with their reasons"
            )
        }
        return counts
    }

    /// Fetch-all mode: every page from the checkpoint's cursor (or `starting_after`) until
    /// `pages.next` is absent or a `max_*` limit is reached.
    func processAllConversations(
        config: Config,
        resumeFrom saved: Checkpoint?,
        client: IntercomClient,
        inbox: String?,
        context: JobContext
    ) async throws -> JobCounts {
        try await runPipeline(
            source: .list(cursor: saved?.cursor ?? config.startingAfter),
            counts: saved?.counts ?? JobCounts(),
            expectedTotal: nil,
            config: config,
            client: client,
            inbox: inbox,
            context: context
        )
    }

    /// Specific-ids mode: the ids in batches of `per_page`, each batch stored with the position reached.
    func processSpecificConversations(
        _ requested: [String],
        config: Config,
        resumeFrom saved: Checkpoint?,
        client: IntercomClient,
        inbox: String?,
        context: JobContext
    ) async throws -> JobCounts {
        var seen = Set<String>()
        var ids = requested.filter { seen.insert($0).inserted }
        if let maxConversations = config.maxConversations { ids = Array(ids.prefix(maxConversations)) }
        return try await runPipeline(
            source: .ids(ids, position: min(saved?.position ?? 0, ids.count)),
            counts: saved?.counts ?? JobCounts(),
            expectedTotal: ids.count,
            config: config,
            client: client,
            inbox: inbox,
            context: context
        )
    }

    /// Records the batch's missing and failed ids, stores its artifacts with the checkpoint in one
    /// transaction, and triggers indexing. Returns the updated counts.
    func store(
        _ batch: IntercomBatch,
        cursor: String?,
        position: Int,
        finished: Bool,
        counts: JobCounts,
        context: JobContext
    ) async throws -> JobCounts {
        var before = counts
        before.missing += batch.missing.count
        before.failed += batch.failed.count
        try await context.jobRecords.recordItemIssues(batch.missing + batch.failed)
        let base = before
        let jobID = context.jobID
        let tenantID = context.tenantID
        let result = try await context.artifacts.storeArtifactsBatch(batch.artifacts) { result in
            var after = base
            after.add(result)
            return Checkpoint(
                jobID: jobID,
                tenantID: tenantID,
                source: Config.source,
                cursor: cursor,
                position: position,
                counts: after,
                finished: finished
            )
        }
        before.add(result)
        if result.written > 0 {
            try await context.searchIndex.triggerIndexing(tenantID: context.tenantID, source: .intercom)
        }
        context.logger.debug(
            "batch stored",
            metadata: [
                "job.id": "\(context.jobID)", "batch.inserted": "\(result.inserted)",
                "batch.updated": "\(result.updated)",
                "batch.unchanged": "\(result.unchanged + result.stale)", "batch.missing": "\(batch.missing.count)",
                "batch.failed": "\(batch.failed.count)",
            ]
        )
        return before
    }
}
