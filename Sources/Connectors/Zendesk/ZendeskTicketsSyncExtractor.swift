import Foundation
import IngestConnectorKit
public import IngestCore
public import IngestHTTP
import Logging

/// Keeps a tenant's Zendesk copy current: reads the incremental export from the stored cursor (the
/// last `after_cursor` of the backfill or sync before) to `end_of_stream`. Deleted tickets become
/// tombstones, tickets whose stored copy is as new are skipped, the rest are fetched with all their
/// comments. The mark moves with each stored page, so a killed sync resumes exactly.
public struct ZendeskTicketsSyncExtractor: Extractor {
    public typealias Config = ZendeskTicketsSyncConfig

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
        let state = try await context.syncStates.syncState(tenantID: context.tenantID, source: .zendesk)
        let mark = state?.changesMark.flatMap(ZendeskSyncMark.init(encoded:))
        guard let subdomain = config.subdomain ?? mark?.subdomain else {
            throw IngestError(
                .configuration,
                "tenant \(context.tenantID) has no Zendesk sync mark yet: run a full backfill first "
                    + "(`ingest backfill --tenant-id \(context.tenantID) --connector zendesk --config "
                    + "'{\"subdomain\":\"SUBDOMAIN\"}'`), or pass subdomain and start_time in the sync config"
            )
        }
        let start: ZendeskClient.ExportStart
        if let cursor = saved?.cursor {
            start = .cursor(cursor)
        } else if let startTime = config.startTime {
            start = .time(startTime)
        } else if let mark {
            guard mark.subdomain == subdomain else {
                throw IngestError(
                    .configuration,
                    "tenant \(context.tenantID)'s Zendesk sync mark belongs to the account \(mark.subdomain), "
                        + "not \(subdomain): run a full backfill of \(subdomain) first, or pass start_time "
                        + "(Unix seconds) in the sync config"
                )
            }
            start = .cursor(mark.cursor)
        } else {
            throw IngestError(
                .configuration,
                "tenant \(context.tenantID) has no Zendesk sync mark yet: run a full backfill first "
                    + "(`ingest backfill --tenant-id \(context.tenantID) --connector zendesk`), "
                    + "or pass start_time (Unix seconds) in the sync config"
            )
        }
        let email = config.email ?? (config.subdomain == nil ? mark?.email : nil)
        let client = try await ZendeskClient.make(
            tenantID: context.tenantID,
            subdomain: subdomain,
            email: email,
            secrets: context.secrets,
            environment: environment,
            logger: context.logger
        )
        let pages = ZendeskTicketPages(
            client: client,
            context: context,
            perPage: ZendeskTicketsBackfillConfig.maxPerPage,
            users: ZendeskUserCache(),
            movesMark: true,
            isSync: true,
            email: email
        )
        let counts = try await ExtractionDriver(
            concurrency: fetchConcurrency,
            documentSource: .zendesk,
            checkpointSource: Config.source
        ).run(pages, from: .export(start), counts: saved?.counts ?? JobCounts(), expectedTotal: nil, context: context)
        try FailurePolicy(threshold: failureThreshold, share: failureShare)
            .check(counts, jobID: context.jobID, items: "tickets")
        return counts
    }
}
