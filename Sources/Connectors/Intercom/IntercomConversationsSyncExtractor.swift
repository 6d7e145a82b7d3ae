import Foundation
import IngestConnectorKit
public import IngestCore
public import IngestHTTP
import Logging

/// Keeps a tenant's copy current: searches the conversations updated since the stored mark (minus an
/// overlap, ascending by `updated_at`, resuming from a checkpointed search cursor, so any number of
/// conversations sharing one second are all seen), retrieves each one whose stored copy is older,
/// then reads `/conversations/deleted` back to the deletions mark and removes what was deleted. A
/// conversation answering 404 is deleted too. The marks move only with the pages they describe.
public struct IntercomConversationsSyncExtractor: IntercomExtractor, Extractor {
    public typealias Config = IntercomConversationsSyncConfig

    public let environment: ConnectorEnvironment
    public let fetchConcurrency: Int
    public let failureThreshold: Int
    public let failureShare: Double
    /// How far before the mark the search starts: Intercom's search is eventually consistent.
    public let overlapSeconds: Int64

    public static let defaultOverlapSeconds: Int64 = 600
    static let searchPerPage = 150
    static let deletedPerPage = 60

    public init(
        environment: ConnectorEnvironment,
        fetchConcurrency: Int = IntercomConnector.defaultFetchConcurrency,
        failureThreshold: Int = 10,
        failureShare: Double = 0.05,
        overlapSeconds: Int64 = defaultOverlapSeconds
    ) {
        self.environment = environment
        self.fetchConcurrency = fetchConcurrency
        self.failureThreshold = failureThreshold
        self.failureShare = failureShare
        self.overlapSeconds = overlapSeconds
    }

    public func processJob(_ config: Config, context: JobContext) async throws -> JobCounts {
        let saved = try await context.checkpoints.checkpoint(jobID: context.jobID, tenantID: context.tenantID)
        if let saved, saved.finished {
            context.logger.info("job already complete at its checkpoint", metadata: ["job.id": "\(context.jobID)"])
            return saved.counts
        }
        let start: IntercomSyncPosition
        if let text = saved?.cursor, let resumed = IntercomSyncPosition(encoded: text) {
            start = resumed
        } else {
            let state = try await context.syncStates.syncState(tenantID: context.tenantID, source: .intercom)
            let stored = state?.changesMark.flatMap { Int64($0) }
            guard let since = config.updatedSince.map(Int64.init) ?? stored else {
                throw IngestError(
                    .configuration,
                    "tenant \(context.tenantID) has no Intercom sync mark yet: run a full backfill first "
                        + "(`ingest backfill --tenant-id \(context.tenantID) --connector intercom`), "
                        + "or pass updated_since (Unix seconds) in the sync config"
                )
            }
            let deletionsSince =
                config.updatedSince.map(Int64.init) ?? state?.deletionsMark.flatMap { Int64($0) } ?? since
            start = IntercomSyncPosition(since: since, deletionsSince: deletionsSince)
        }
        let client = try await intercomClient(region: config.region, context: context)
        let inbox = try await inboxBaseURL(client: client, region: config.region)
        let pages = IntercomSyncPages(client: client, inbox: inbox, context: context, overlap: overlapSeconds)
        let counts = try await ExtractionDriver(
            concurrency: fetchConcurrency,
            documentSource: .intercom,
            checkpointSource: Config.source
        ).run(pages, from: start, counts: saved?.counts ?? JobCounts(), expectedTotal: nil, context: context)
        try FailurePolicy(threshold: failureThreshold, share: failureShare)
            .check(counts, jobID: context.jobID, items: "conversations")
        return counts
    }
}

/// Where a sync is: searching changes (with the search cursor) or reading deletions (a page number),
/// with the marks it will set. Saved as the checkpoint's cursor, so a restarted sync resumes exactly.
struct IntercomSyncPosition: Codable, Sendable, Hashable {
    enum Phase: String, Codable, Sendable { case search, deleted }

    var phase: Phase = .search
    /// The changes mark the sync started from.
    var since: Int64
    /// The search cursor of the next page (nil: the first).
    var after: String?
    /// The highest `updated_at` seen so far (at least `since`): the next changes mark.
    var highest: Int64
    /// The deletions mark the sync started from.
    var deletionsSince: Int64
    /// The next page of `/conversations/deleted`.
    var page = 1
    /// The newest `deleted_at` seen so far (at least `deletionsSince`): the next deletions mark.
    var newestDeletion: Int64

    init(since: Int64, deletionsSince: Int64) {
        self.since = since
        self.highest = since
        self.deletionsSince = deletionsSince
        self.newestDeletion = deletionsSince
    }

    init?(encoded: String) {
        guard let value = try? JSONDecoder().decode(Self.self, from: Data(encoded.utf8)) else { return nil }
        self = value
    }

    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// A sync's pages for the shared engine.
struct IntercomSyncPages: PagedExtraction {
    let client: IntercomClient
    let inbox: String?
    let context: JobContext
    let overlap: Int64

    func list(
        after position: IntercomSyncPosition,
        remainingItems: Int?,
        lastAllowedPage: Bool
    ) async throws
        -> ListedPage<String, IntercomSyncPosition>?
    {
        switch position.phase {
        case .search: try await searchPage(position)
        case .deleted: try await deletedPage(position)
        }
    }

    func fetch(_ id: String) async throws -> ItemOutcome {
        try await IntercomFetch.conversation(id, client: client, inbox: inbox, context: context) { id in
            // Gone since search listed it: deleted, as of now.
            .deleted(Tombstone(key: key(id), deletedAt: Date()))
        }
    }

    private func key(_ id: String) -> ArtifactKey {
        ArtifactKey(tenantID: context.tenantID, source: .intercom, kind: "conversation", externalID: id)
    }

    private func searchPage(_ position: IntercomSyncPosition) async throws -> ListedPage<String, IntercomSyncPosition> {
        let found = try await client.searchConversations(
            updatedAfter: position.since - overlap,
            perPage: IntercomConversationsSyncExtractor.searchPerPage,
            startingAfter: position.after
        )
        let stored = try await context.artifacts.storedUpdatedAt(
            tenantID: context.tenantID,
            source: .intercom,
            kind: "conversation",
            externalIDs: found.items.map(\.id)
        )
        var next = position
        var entries: [PageEntry<String>] = []
        for item in found.items {
            if let updatedAt = item.updatedAt { next.highest = max(next.highest, updatedAt) }
            if let updatedAt = item.updatedAt, let copy = stored[item.id],
                Int64(copy.timeIntervalSince1970.rounded(.down)) >= updatedAt
            {
                entries.append(.resolved(.unchanged))  // the stored copy is current
            } else {
                entries.append(.fetch(item.id))
            }
        }
        var syncState: SyncStateUpdate?
        if let cursor = found.nextCursor {
            next.after = cursor
        } else {
            // The search is complete once this page is stored: every change up to `highest` is in.
            next.phase = .deleted
            next.after = nil
            syncState = SyncStateUpdate(
                tenantID: context.tenantID,
                source: .intercom,
                changesMark: String(next.highest)
            )
        }
        return ListedPage(
            entries: entries,
            next: next,
            checkpoint: PageCheckpoint(cursor: next.encoded, finished: false),
            syncState: syncState,
            total: nil
        )
    }

    private func deletedPage(_ position: IntercomSyncPosition) async throws -> ListedPage<String, IntercomSyncPosition>
    {
        let threshold = position.deletionsSince - overlap
        var next = position
        var entries: [PageEntry<String>] = []
        var finished: Bool
        do {
            let deleted = try await client.getDeletedConversations(
                page: position.page,
                perPage: IntercomConversationsSyncExtractor.deletedPerPage
            )
            for item in deleted.items where item.deletedAt >= threshold {
                next.newestDeletion = max(next.newestDeletion, item.deletedAt)
                entries.append(
                    .resolved(
                        .deleted(
                            Tombstone(
                                key: key(item.id),
                                deletedAt: Date(timeIntervalSince1970: TimeInterval(item.deletedAt))
                            )
                        )
                    )
                )
            }
            finished = deleted.items.isEmpty || !deleted.hasNext || deleted.items.contains { $0.deletedAt < threshold }
        } catch let error as IngestError
            where error.code == .configuration && error.message.contains("intercom_version_invalid")
        {
            // Before 2.16 there is no deletions list: deletions are found by the 404s of retrieves only.
            context.logger.warning(
                "this Intercom API version has no /conversations/deleted; deleted conversations are found only when a retrieve answers 404",
                metadata: ["intercom.version": "\(client.version)"]
            )
            finished = true
        }
        next.page += 1
        return ListedPage(
            entries: entries,
            next: next,
            checkpoint: PageCheckpoint(cursor: finished ? nil : next.encoded, finished: finished),
            syncState: finished
                ? SyncStateUpdate(
                    tenantID: context.tenantID,
                    source: .intercom,
                    deletionsMark: String(next.newestDeletion),
                    syncCompletedAt: Date()
                ) : nil,
            total: nil
        )
    }
}
