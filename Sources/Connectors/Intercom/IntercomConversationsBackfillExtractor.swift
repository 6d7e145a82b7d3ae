import Foundation
import IngestConnectorKit
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

    /// How far before its start a complete fetch-all backfill sets the sync mark, so conversations
    /// changed while it ran (they move ahead of its cursor) are caught by the next sync.
    public static let markSafetyLag: Int64 = 60

    public func processJob(_ config: Config, context: JobContext) async throws -> JobCounts {
        let saved = try await context.checkpoints.checkpoint(jobID: context.jobID, tenantID: context.tenantID)
        if let saved, saved.finished {
            context.logger.info("job already complete at its checkpoint", metadata: ["job.id": "\(context.jobID)"])
            return saved.counts
        }
        let client = try await intercomClient(region: config.region, context: context)
        let inbox = try await inboxBaseURL(client: client, region: config.region)
        let driver = ExtractionDriver(
            concurrency: fetchConcurrency,
            documentSource: .intercom,
            checkpointSource: Config.source
        )
        let counts: JobCounts
        if let requested = config.conversationIDs {
            var seen = Set<String>()
            var ids = requested.filter { seen.insert($0).inserted }
            if let maxConversations = config.maxConversations { ids = Array(ids.prefix(maxConversations)) }
            let pages = IntercomBackfillPages(
                config: config,
                client: client,
                inbox: inbox,
                context: context,
                completion: nil,
                mark: nil
            )
            counts = try await driver.run(
                pages,
                from: .ids(ids, position: min(saved?.position ?? 0, ids.count)),
                counts: saved?.counts ?? JobCounts(),
                expectedTotal: ids.count,
                limits: PageScheduler.Limits(maxPages: config.maxPages, maxItems: config.maxConversations),
                context: context
            )
        } else {
            // Only a backfill of everything makes the copy complete enough to sync from.
            let complete = config.startingAfter == nil && config.maxPages == nil && config.maxConversations == nil
            let mark = saved?.mark ?? String(Int64(Date().timeIntervalSince1970) - Self.markSafetyLag)
            let pages = IntercomBackfillPages(
                config: config,
                client: client,
                inbox: inbox,
                context: context,
                completion: complete
                    ? SyncStateUpdate(
                        tenantID: context.tenantID,
                        source: .intercom,
                        changesMark: mark,
                        deletionsMark: mark
                    ) : nil,
                mark: mark
            )
            counts = try await driver.run(
                pages,
                from: .list(cursor: saved?.cursor ?? config.startingAfter),
                counts: saved?.counts ?? JobCounts(),
                expectedTotal: nil,
                limits: PageScheduler.Limits(maxPages: config.maxPages, maxItems: config.maxConversations),
                context: context
            )
        }
        try FailurePolicy(threshold: failureThreshold, share: failureShare)
            .check(counts, jobID: context.jobID, items: "conversations")
        return counts
    }
}
