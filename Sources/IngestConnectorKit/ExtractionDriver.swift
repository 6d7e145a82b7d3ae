public import IngestCore
import Logging

/// Runs a ``PagedExtraction`` as a pipeline on a ``PageScheduler``: the next page is listed while the
/// current one is fetched, items are fetched `concurrency` at a time across page boundaries (paced by
/// the API's request budget in the connector's client), and complete pages are stored strictly in
/// order — artifacts, deletions, checkpoint and sync state in one transaction — then indexed, while
/// later pages are still being fetched. So a checkpoint or a mark never runs ahead of the data. When
/// the store prepares pages (``ArtifactStore/preparesPages``), each complete page is prepared while
/// the pages before it are being stored.
///
/// On graceful shutdown it lists nothing more, finishes and stores the page in hand, drops later pages
/// and throws `CancellationError`.
public struct ExtractionDriver: Sendable {
    /// Items fetched at once; 1 is the sequential design (one request at a time).
    public var concurrency: Int
    /// Pages listed but not stored, at most (the page being stored, the one being fetched, the next).
    public var pagesAhead: Int
    /// The document source the artifacts belong to (for indexing).
    public var documentSource: DocumentSource
    /// The job source key its checkpoints carry (`intercom_api_conversations_backfill`, …).
    public var checkpointSource: String

    public init(concurrency: Int, pagesAhead: Int = 3, documentSource: DocumentSource, checkpointSource: String) {
        self.concurrency = concurrency
        self.pagesAhead = pagesAhead
        self.documentSource = documentSource
        self.checkpointSource = checkpointSource
    }

    private struct PageInFlight<Item: Sendable, Position: Sendable>: Sendable {
        var listed: ListedPage<Item, Position>
        var outcomes: [ItemOutcome?]
        var prepared: PreparedArtifacts?
    }

    private enum Event<Item: Sendable, Position: Sendable>: Sendable {
        case listed(ListedPage<Item, Position>?)
        case fetched(page: Int, item: Int, ItemOutcome)
        case prepared(page: Int, PreparedArtifacts?)
        case stored(page: Int, JobCounts)
    }

    /// Runs `extraction` from `position` with the job's stored `counts`, and returns the final counts.
    public func run<E: PagedExtraction>(
        _ extraction: E,
        from position: E.Position,
        counts startCounts: JobCounts,
        expectedTotal startTotal: Int?,
        limits: PageScheduler.Limits = PageScheduler.Limits(),
        context: JobContext
    ) async throws -> JobCounts {
        var scheduler = PageScheduler(
            concurrency: concurrency,
            pagesAhead: pagesAhead,
            limits: limits,
            storedPages: startCounts.pages,
            storedItems: startCounts.processed,
            preparesPages: context.artifacts.preparesPages
        )
        var counts = startCounts
        var position = position
        var expectedTotal = startTotal
        var pages: [Int: PageInFlight<E.Item, E.Position>] = [:]
        let driver = self

        return try await withThrowingTaskGroup(of: Event<E.Item, E.Position>.self) { group in
            defer { group.cancelAll() }
            func start() throws {
                for action in try scheduler.next(stopping: context.isStopping()) {
                    switch action {
                    case .list(let remaining, let last):
                        group.addTask { [position] in
                            .listed(
                                try await extraction.list(
                                    after: position,
                                    remainingItems: remaining,
                                    lastAllowedPage: last
                                )
                            )
                        }
                    case .fetch(let page, let item):
                        guard case .fetch(let value) = pages[page]?.listed.entries[item] else {
                            preconditionFailure("the scheduler fetches only entries listed for fetching")
                        }
                        group.addTask { .fetched(page: page, item: item, try await extraction.fetch(value)) }
                    case .prepare(let page):
                        guard let complete = pages[page] else {
                            preconditionFailure("the scheduler prepares only listed pages")
                        }
                        let artifacts = Self.artifacts(of: complete.outcomes)
                        group.addTask { .prepared(page: page, try await Self.prepare(artifacts, context: context)) }
                    case .store(let page):
                        guard let ready = pages[page] else {
                            preconditionFailure("the scheduler stores only listed pages")
                        }
                        var before = counts
                        before.pages += 1
                        group.addTask { [before] in
                            .stored(
                                page: page,
                                try await driver.store(
                                    ready.listed,
                                    outcomes: ready.outcomes,
                                    prepared: ready.prepared,
                                    counts: before,
                                    context: context
                                )
                            )
                        }
                    }
                }
            }

            try start()
            while !scheduler.isDone, let event = try await group.next() {
                switch event {
                case .listed(nil):
                    scheduler.listingEnded()
                case .listed(let listed?):
                    position = listed.next
                    if expectedTotal == nil, let total = listed.total {
                        expectedTotal = limits.maxItems.map { min($0, total) } ?? total
                    }
                    var outcomes = [ItemOutcome?](repeating: nil, count: listed.entries.count)
                    var fetching: [Int] = []
                    for (index, entry) in listed.entries.enumerated() {
                        switch entry {
                        case .fetch: fetching.append(index)
                        case .resolved(let outcome): outcomes[index] = outcome
                        }
                    }
                    let page = scheduler.listed(
                        items: listed.entries.count,
                        fetching: fetching,
                        finished: listed.checkpoint.finished
                    )
                    pages[page] = PageInFlight(listed: listed, outcomes: outcomes, prepared: nil)
                case .fetched(let page, let item, let outcome):
                    scheduler.fetched(page: page)
                    pages[page]?.outcomes[item] = outcome
                case .prepared(let page, let prepared):
                    scheduler.prepared(page: page)
                    pages[page]?.prepared = prepared
                case .stored(let page, let stored):
                    counts = stored
                    pages[page] = nil
                    scheduler.stored(page: page)
                    await context.progress(JobProgress(counts: counts, expectedTotal: expectedTotal))
                }
                if scheduler.isDone { break }
                try start()
            }
            // Pages a killed run stored but did not index yet are indexed now, even when the pages
            // after them wrote nothing.
            try await context.searchIndex.triggerIndexing(tenantID: context.tenantID, source: documentSource)
            return counts
        }
    }

    /// What the store prepared of a page's `artifacts`; nil when there is nothing, or when preparing failed
    /// (storing the page then does that work; only cancellation is thrown).
    static func prepare(_ artifacts: [Artifact], context: JobContext) async throws -> PreparedArtifacts? {
        guard !artifacts.isEmpty else { return nil }
        do {
            return try await context.artifacts.prepareArtifacts(artifacts)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.debug(
                "preparing a page failed; storing it does the work",
                metadata: ["job.id": "\(context.jobID)", "error": "\(error)"]
            )
            return nil
        }
    }

    /// The artifacts among a page's outcomes, in order.
    static func artifacts(of outcomes: [ItemOutcome?]) -> [Artifact] {
        outcomes.compactMap { outcome in
            guard case .artifact(let artifact)? = outcome else { return nil }
            return artifact
        }
    }

    /// Records the page's missing and failed items, stores its artifacts (with what the store prepared of
    /// them) and deletions with the checkpoint and sync state in one transaction, and triggers indexing.
    /// Returns the updated counts.
    func store<Item: Sendable, Position: Sendable>(
        _ listed: ListedPage<Item, Position>,
        outcomes: [ItemOutcome?],
        prepared: PreparedArtifacts? = nil,
        counts: JobCounts,
        context: JobContext
    ) async throws -> JobCounts {
        var before = counts
        var artifacts: [Artifact] = []
        var deletions: [Tombstone] = []
        var issues: [JobItemIssue] = []
        var missing = 0
        var failed = 0
        for outcome in outcomes {
            switch outcome {
            case .artifact(let artifact)?: artifacts.append(artifact)
            case .unchanged?: before.unchanged += 1
            case .deleted(let tombstone)?: deletions.append(tombstone)
            case .missing(let id, let reason)?:
                missing += 1
                issues.append(JobItemIssue(jobID: context.jobID, externalID: id, kind: .missing, reason: reason))
            case .failed(let id, let reason)?:
                failed += 1
                issues.append(JobItemIssue(jobID: context.jobID, externalID: id, kind: .failed, reason: reason))
            case nil: break
            }
        }
        before.missing += missing
        before.failed += failed
        try await context.jobRecords.recordItemIssues(issues)
        let base = before
        let jobID = context.jobID
        let tenantID = context.tenantID
        let source = checkpointSource
        let mark = listed.checkpoint
        let result = try await context.artifacts.storePage(
            PageWrite(
                artifacts: artifacts,
                deletions: deletions,
                checkpoint: { result in
                    var after = base
                    after.add(result)
                    return Checkpoint(
                        jobID: jobID,
                        tenantID: tenantID,
                        source: source,
                        cursor: mark.cursor,
                        position: mark.position,
                        counts: after,
                        finished: mark.finished,
                        mark: mark.mark
                    )
                },
                syncState: listed.syncState,
                prepared: prepared
            )
        )
        before.add(result)
        if result.written > 0 {
            try await context.searchIndex.triggerIndexing(tenantID: context.tenantID, source: documentSource)
        }
        context.logger.debug(
            "batch stored",
            metadata: [
                "job.id": "\(context.jobID)", "batch.inserted": "\(result.inserted)",
                "batch.updated": "\(result.updated)",
                "batch.unchanged": "\(result.unchanged + result.stale)", "batch.missing": "\(missing)",
                "batch.failed": "\(failed)", "batch.deleted": "\(deletions.count)",
            ]
        )
        return before
    }
}

/// When a job fails for its failed items: more than `threshold` of them, and more than `share` of the
/// items processed.
public struct FailurePolicy: Sendable, Hashable {
    public var threshold: Int
    public var share: Double

    public init(threshold: Int = 10, share: Double = 0.05) {
        self.threshold = threshold
        self.share = share
    }

    /// Throws ``IngestError`` `tooManyFailures` when `counts` break the policy.
    public func check(_ counts: JobCounts, jobID: JobID, items noun: String) throws {
        guard counts.failed > threshold && Double(counts.failed) > share * Double(max(counts.processed, 1)) else {
            return
        }
        throw IngestError(
            .tooManyFailures,
            "\(counts.failed) of \(counts.processed) \(noun) failed (more than \(threshold) and "
                + "\(Int(share * 100))%); `ingest jobs show \(jobID)` lists them with their reasons"
        )
    }
}
