import Foundation
import IngestConnectorKit
public import IngestCore
public import IngestHTTP
import Logging

/// The backfill extractor for Zendesk tickets: the whole cursor-based incremental export from
/// `start_time`, or specific ids (`show_many`), each ticket then with all its comments. Each page is
/// stored in one transaction with its checkpoint (and, for a backfill of everything, the export cursor
/// as the sync mark), then indexed; a restarted job resumes from that checkpoint.
public struct ZendeskTicketsBackfillExtractor: Extractor {
    public typealias Config = ZendeskTicketsBackfillConfig

    public let environment: ConnectorEnvironment
    public let fetchConcurrency: Int
    public let failureThreshold: Int
    public let failureShare: Double

    public init(
        environment: ConnectorEnvironment,
        fetchConcurrency: Int = ZendeskConnector.defaultFetchConcurrency,
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
        let client = try await ZendeskClient.make(
            tenantID: context.tenantID,
            subdomain: config.subdomain,
            email: config.email,
            secrets: context.secrets,
            environment: environment,
            logger: context.logger
        )
        let pages = ZendeskTicketPages(
            client: client,
            context: context,
            perPage: config.perPage,
            users: ZendeskUserCache(),
            movesMark: config.exportsEverything,
            isSync: false,
            email: config.email
        )
        let start: ZendeskTicketPages.Position
        let total: Int?
        if let requested = config.ticketIDs {
            var seen = Set<Int64>()
            let ids = requested.filter { seen.insert($0).inserted }
            start = .ids(ids, position: min(saved?.position ?? 0, ids.count))
            total = ids.count
        } else {
            start = .export(saved?.cursor.map { .cursor($0) } ?? .time(config.startTime))
            total = nil
        }
        let counts = try await ExtractionDriver(
            concurrency: fetchConcurrency,
            documentSource: .zendesk,
            checkpointSource: Config.source
        ).run(
            pages,
            from: start,
            counts: saved?.counts ?? JobCounts(),
            expectedTotal: total,
            limits: PageScheduler.Limits(maxPages: nil, maxItems: config.maxTickets),
            context: context
        )
        try FailurePolicy(threshold: failureThreshold, share: failureShare)
            .check(counts, jobID: context.jobID, items: "tickets")
        return counts
    }
}
