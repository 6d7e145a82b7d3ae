import Foundation
import IngestCore

/// Where a backfill's pages come from: the list endpoint (fetch-all) or the requested ids in batches.
enum IntercomPageSource: Sendable {
    /// Fetch-all: list from `cursor` (nil = the first page).
    case list(cursor: String?)
    /// Specific ids: the batches of `ids` from `position` on.
    case ids([String], position: Int)
}

/// One page planned for fetching, and what the checkpoint says once it is stored.
struct IntercomPlannedPage: Sendable {
    var ids: [String]
    /// The cursor of the next page (fetch-all), saved with this page; nil once finished.
    var cursor: String?
    /// How many of the requested ids are done once this page is stored (specific ids).
    var position: Int
    /// The job is complete once this page is stored.
    var finished: Bool
}

/// A page between listing and storing.
private struct PageInFlight {
    var page: IntercomPlannedPage
    var outcomes: [IntercomFetchOutcome?]
    var pending: Int
}

/// What a child task of the pipeline came back with.
private enum PipelineEvent: Sendable {
    case planned(IntercomPlannedPage?, next: IntercomPageSource, total: Int?)
    case fetched(page: Int, position: Int, IntercomFetchOutcome)
    case stored(JobCounts)
}

extension IntercomConversationsBackfillExtractor {
    /// Pages planned (listed) but not yet stored, at most: the page being stored, the one being
    /// fetched, and the next one listed ahead. Bounds memory whatever the backfill's size.
    static var pagesAhead: Int { 3 }

    /// Runs a backfill as a pipeline: the next page is listed while the current one is fetched,
    /// conversations are retrieved ``fetchConcurrency`` at a time across page boundaries (paced by
    /// the workspace's request budget), and complete pages are stored strictly in order, each in one
    /// transaction with its checkpoint, while later pages are still being fetched. So the
    /// checkpoint never runs ahead of the data, and memory holds at most ``pagesAhead`` pages.
    ///
    /// With a concurrency of 1 it is the guide's sequential design: one request at a time, and
    /// nothing listed, fetched or stored alongside anything else.
    ///
    /// On graceful shutdown it plans nothing more, finishes and stores the page in hand, drops
    /// later pages (their conversations are fetched again on resume) and throws `CancellationError`.
    func runPipeline(
        source start: IntercomPageSource,
        counts startCounts: JobCounts,
        expectedTotal startTotal: Int?,
        config: Config,
        client: IntercomClient,
        inbox: String?,
        context: JobContext
    ) async throws -> JobCounts {
        let concurrency = max(fetchConcurrency, 1)
        let sequential = concurrency == 1
        let pagesAhead = sequential ? 1 : Self.pagesAhead

        var counts = startCounts
        var source = start
        var expectedTotal = startTotal
        // Limits count what has been planned, stored or not.
        var plannedPages = startCounts.pages
        var plannedConversations = startCounts.processed
        var planning = false
        var planningDone = false
        var pages: [Int: PageInFlight] = [:]
        var nextPage = 0
        var nextToStore = 0
        var storing = false
        var fetchQueue: [(page: Int, position: Int)] = []
        var fetchHead = 0
        var inFlight = 0
        var stopAfter: Int?

        return try await withThrowingTaskGroup(of: PipelineEvent.self) { group in
            defer { group.cancelAll() }
            /// Starts whatever can start now; returns false when the pipeline is done.
            func schedule() throws -> Bool {
                if stopAfter == nil && context.isStopping() {
                    // Graceful shutdown: finish only the page in hand.
                    planningDone = true
                    stopAfter = nextToStore
                }
                if let stopAfter, nextToStore > stopAfter || pages[stopAfter] == nil {
                    throw CancellationError()
                }
                // Plan the next page.
                let unstored = nextPage - nextToStore
                if !planning && !planningDone && unstored < pagesAhead && !(sequential && (storing || inFlight > 0)) {
                    if let maxPages = config.maxPages, plannedPages >= maxPages {
                        planningDone = true
                    } else if let maximum = config.maxConversations, plannedConversations >= maximum {
                        planningDone = true
                    } else {
                        planning = true
                        let remaining = config.maxConversations.map { $0 - plannedConversations }
                        let lastAllowed = config.maxPages.map { plannedPages + 1 >= $0 } ?? false
                        group.addTask { [source] in
                            try await self.plan(
                                source,
                                remaining: remaining,
                                lastAllowedPage: lastAllowed,
                                config: config,
                                client: client
                            )
                        }
                    }
                }
                // Fetch conversations of planned pages, oldest page first.
                while inFlight < concurrency && fetchHead < fetchQueue.count && !(sequential && (storing || planning)) {
                    let (page, position) = fetchQueue[fetchHead]
                    if let stopAfter, page > stopAfter { break }
                    fetchHead += 1
                    inFlight += 1
                    let id = pages[page]!.page.ids[position]
                    group.addTask {
                        .fetched(
                            page: page,
                            position: position,
                            try await self.fetchConversation(id, client: client, inbox: inbox, context: context)
                        )
                    }
                }
                if fetchHead > 4_096 && fetchHead * 2 > fetchQueue.count {
                    fetchQueue.removeFirst(fetchHead)
                    fetchHead = 0
                }
                // Store the oldest page once all its conversations are in.
                if !storing, let ready = pages[nextToStore], ready.pending == 0, !(sequential && inFlight > 0) {
                    storing = true
                    var before = counts
                    before.pages += 1
                    let batch = IntercomBatch(ids: ready.page.ids, outcomes: ready.outcomes, jobID: context.jobID)
                    let page = ready.page
                    group.addTask { [before] in
                        .stored(
                            try await self.store(
                                batch,
                                cursor: page.cursor,
                                position: page.position,
                                finished: page.finished,
                                counts: before,
                                context: context
                            )
                        )
                    }
                }
                return planning || storing || inFlight > 0 || !pages.isEmpty || !planningDone
            }

            guard try schedule() else { return counts }
            while let event = try await group.next() {
                switch event {
                case .planned(let planned, let next, let total):
                    planning = false
                    source = next
                    if expectedTotal == nil, let total {
                        expectedTotal = config.maxConversations.map { min($0, total) } ?? total
                    }
                    guard let planned else {
                        planningDone = true
                        break
                    }
                    plannedPages += 1
                    plannedConversations += planned.ids.count
                    if planned.finished { planningDone = true }
                    pages[nextPage] = PageInFlight(
                        page: planned,
                        outcomes: Array(repeating: nil, count: planned.ids.count),
                        pending: planned.ids.count
                    )
                    for position in planned.ids.indices { fetchQueue.append((nextPage, position)) }
                    nextPage += 1
                case .fetched(let page, let position, let outcome):
                    inFlight -= 1
                    pages[page]?.outcomes[position] = outcome
                    pages[page]?.pending -= 1
                case .stored(let stored):
                    storing = false
                    counts = stored
                    let page = pages.removeValue(forKey: nextToStore)
                    nextToStore += 1
                    await context.progress(JobProgress(counts: counts, expectedTotal: expectedTotal))
                    if page?.page.finished == true { return counts }
                }
                guard try schedule() else { break }
            }
            return counts
        }
    }

    /// Plans the page after `source`: lists it (fetch-all) or takes the next batch of ids, applying
    /// `max_conversations` (`remaining`) and `max_pages` (`lastAllowedPage`).
    private func plan(
        _ source: IntercomPageSource,
        remaining: Int?,
        lastAllowedPage: Bool,
        config: Config,
        client: IntercomClient
    ) async throws -> PipelineEvent {
        switch source {
        case .list(let cursor):
            let listed = try await client.getConversations(
                perPage: config.perPage,
                startingAfter: cursor,
                order: config.order
            )
            var ids = listed.conversationIDs
            var cut = false
            if let remaining, ids.count >= remaining {
                ids = Array(ids.prefix(remaining))
                cut = true
            }
            let finished = listed.nextCursor == nil || cut || lastAllowedPage
            return .planned(
                IntercomPlannedPage(
                    ids: ids,
                    cursor: finished ? nil : listed.nextCursor,
                    position: 0,
                    finished: finished
                ),
                next: .list(cursor: listed.nextCursor),
                total: listed.totalCount
            )
        case .ids(let all, let position):
            guard position < all.count else { return .planned(nil, next: source, total: nil) }
            let end = min(position + config.perPage, all.count)
            let finished = end == all.count || lastAllowedPage
            return .planned(
                IntercomPlannedPage(ids: Array(all[position..<end]), cursor: nil, position: end, finished: finished),
                next: .ids(all, position: end),
                total: nil
            )
        }
    }
}
