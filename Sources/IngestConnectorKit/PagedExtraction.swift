public import IngestCore

/// What a connector supplies to run on the shared engine: how to list a page and how to fetch one
/// item. Everything else — concurrency within the request budget, storing pages in order with their
/// checkpoint and sync state, indexing, progress, shutdown — is ``ExtractionDriver``'s.
public protocol PagedExtraction: Sendable {
    /// Where listing continues (an API cursor, a position in a list of ids, a phase of a sync …).
    associatedtype Position: Sendable
    /// What one fetch takes (an id, or a listed item).
    associatedtype Item: Sendable

    /// Lists the page after `position`, holding at most `remainingItems` items and marked finished when
    /// it is the `lastAllowedPage` (the job's limits); nil when there is nothing more.
    func list(
        after position: Position,
        remainingItems: Int?,
        lastAllowedPage: Bool
    ) async throws -> ListedPage<Item, Position>?

    /// Fetches one item. Errors that concern the whole job (credentials, shutdown) are thrown; an item
    /// that cannot be fetched is `.failed`.
    func fetch(_ item: Item) async throws -> ItemOutcome
}

/// One listed page.
public struct ListedPage<Item: Sendable, Position: Sendable>: Sendable {
    /// The page's entries in order: items to fetch, or outcomes the listing already settled.
    public var entries: [PageEntry<Item>]
    /// Where listing continues after this page.
    public var next: Position
    /// What the job's checkpoint says once this page is stored.
    public var checkpoint: PageCheckpoint
    /// The sync state this page moves, written with it.
    public var syncState: SyncStateUpdate?
    /// How many items the whole job will see, when the API says (for progress).
    public var total: Int?

    public init(
        entries: [PageEntry<Item>],
        next: Position,
        checkpoint: PageCheckpoint,
        syncState: SyncStateUpdate? = nil,
        total: Int? = nil
    ) {
        self.entries = entries
        self.next = next
        self.checkpoint = checkpoint
        self.syncState = syncState
        self.total = total
    }
}

/// An entry of a listed page.
public enum PageEntry<Item: Sendable>: Sendable {
    case fetch(Item)
    case resolved(ItemOutcome)
}

/// The checkpoint fields a stored page leaves (see ``Checkpoint``).
public struct PageCheckpoint: Sendable, Hashable {
    public var cursor: String?
    public var position: Int
    /// The job is complete once this page is stored.
    public var finished: Bool
    public var mark: String?

    public init(cursor: String?, position: Int = 0, finished: Bool, mark: String? = nil) {
        self.cursor = cursor
        self.position = position
        self.finished = finished
        self.mark = mark
    }
}

/// What fetching (or listing) one item came to.
public enum ItemOutcome: Sendable {
    /// Store (upsert) this artifact.
    case artifact(Artifact)
    /// The stored copy is current: nothing to write.
    case unchanged
    /// The item is gone at the source: remove it and keep a tombstone.
    case deleted(Tombstone)
    /// The API answered not found for an id the job asked for (not a failure; recorded with the reason).
    case missing(externalID: String, reason: String)
    /// The item could not be fetched or mapped; recorded with the reason.
    case failed(externalID: String, reason: String)
}
