/// The bookkeeping of a paged extraction, as a pure state machine: which pages to list, which items
/// to fetch and which page to store next, given what has come back so far. It never waits, sleeps or
/// does I/O; ``ExtractionDriver`` runs its actions and reports their results.
///
/// The rules it keeps:
/// - at most `pagesAhead` pages are listed but not yet stored (memory stays bounded);
/// - at most `concurrency` item fetches run at once, oldest page first, across page boundaries;
/// - complete pages are stored strictly in order, one at a time;
/// - when the store prepares pages, a page that is complete while an earlier page is being stored is
///   prepared (at once, in any order) and stored once prepared, so its preparation runs beside that
///   store; the next page to store, complete while nothing is being stored, is stored at once;
/// - with a concurrency of 1 it is sequential: one action at a time, nothing alongside anything else;
/// - `maxPages` / `maxItems` count what has been listed, stored or not;
/// - once stopping, nothing more is listed, the page in hand is finished and stored, and the run
///   ends with `CancellationError` (later pages are fetched again on resume).
public struct PageScheduler: Sendable {
    /// Limits on a run, counted over the whole job (a resumed run starts from what was stored).
    public struct Limits: Sendable, Hashable {
        public var maxPages: Int?
        public var maxItems: Int?

        public init(maxPages: Int? = nil, maxItems: Int? = nil) {
            self.maxPages = maxPages
            self.maxItems = maxItems
        }
    }

    /// Something for the driver to start.
    public enum Action: Sendable, Hashable {
        /// List the next page; it may hold at most `remainingItems` items, and is the last one allowed
        /// when `lastAllowedPage`.
        case list(remainingItems: Int?, lastAllowedPage: Bool)
        /// Fetch item `item` of page `page`.
        case fetch(page: Int, item: Int)
        /// Prepare page `page` for storing (all its items are in).
        case prepare(page: Int)
        /// Store page `page` (all its items are in, and it is prepared when pages are).
        case store(page: Int)
    }

    private struct Page: Sendable {
        var pending: Int
        var finished: Bool
        var preparing = false
        var prepared: Bool
    }

    public let concurrency: Int
    public let pagesAhead: Int
    public let limits: Limits
    /// Whether pages are prepared before they are stored (never in the sequential design).
    public let preparesPages: Bool

    private var listedPages: Int
    private var listedItems: Int
    private var listing = false
    private var listingDone = false
    private var pages: [Int: Page] = [:]
    private var nextPage = 0
    private var nextToStore = 0
    private var storing = false
    private var fetchQueue: [(page: Int, item: Int)] = []
    private var fetchHead = 0
    private var inFlight = 0
    private var stopAfter: Int?
    private var done = false

    /// A scheduler for a run that has already stored `storedPages` pages holding `storedItems` items;
    /// with `preparesPages` each page is prepared before it is stored (ignored when sequential).
    public init(
        concurrency: Int,
        pagesAhead: Int = 3,
        limits: Limits = Limits(),
        storedPages: Int = 0,
        storedItems: Int = 0,
        preparesPages: Bool = false
    ) {
        self.concurrency = max(concurrency, 1)
        self.pagesAhead = self.concurrency == 1 ? 1 : max(pagesAhead, 1)
        self.preparesPages = preparesPages && self.concurrency > 1
        self.limits = limits
        self.listedPages = storedPages
        self.listedItems = storedItems
    }

    private var sequential: Bool { concurrency == 1 }

    /// True once the last page is stored, or nothing is left to do.
    public var isDone: Bool { done }

    /// Fetches running now.
    public var fetchesInFlight: Int { inFlight }

    /// The actions that can start now (possibly none, while results are awaited). Throws
    /// `CancellationError` once `stopping` has taken effect and the page in hand is stored.
    public mutating func next(stopping: Bool) throws -> [Action] {
        if done { return [] }
        if stopAfter == nil && stopping {
            listingDone = true
            stopAfter = nextToStore
        }
        if let stopAfter, nextToStore > stopAfter || pages[stopAfter] == nil {
            throw CancellationError()
        }
        var actions: [Action] = []
        let unstored = nextPage - nextToStore
        if !listing && !listingDone && unstored < pagesAhead && !(sequential && (storing || inFlight > 0)) {
            if let maxPages = limits.maxPages, listedPages >= maxPages {
                listingDone = true
            } else if let maximum = limits.maxItems, listedItems >= maximum {
                listingDone = true
            } else {
                listing = true
                actions.append(
                    .list(
                        remainingItems: limits.maxItems.map { $0 - listedItems },
                        lastAllowedPage: limits.maxPages.map { listedPages + 1 >= $0 } ?? false
                    )
                )
            }
        }
        while inFlight < concurrency && fetchHead < fetchQueue.count && !(sequential && (storing || listing)) {
            let (page, item) = fetchQueue[fetchHead]
            if let stopAfter, page > stopAfter { break }
            fetchHead += 1
            inFlight += 1
            actions.append(.fetch(page: page, item: item))
        }
        if fetchHead > 4_096 && fetchHead * 2 > fetchQueue.count {
            fetchQueue.removeFirst(fetchHead)
            fetchHead = 0
        }
        if preparesPages {
            // Nothing to run beside: the next page is stored as it is.
            if !storing, let next = pages[nextToStore], next.pending == 0, !next.preparing {
                pages[nextToStore]?.prepared = true
            }
            for page in nextToStore..<nextPage {
                if let stopAfter, page > stopAfter { break }
                guard let candidate = pages[page], candidate.pending == 0, !candidate.prepared,
                    !candidate.preparing
                else { continue }
                pages[page]?.preparing = true
                actions.append(.prepare(page: page))
            }
        }
        if !storing, let ready = pages[nextToStore], ready.pending == 0, ready.prepared,
            !(sequential && inFlight > 0)
        {
            storing = true
            actions.append(.store(page: nextToStore))
        }
        if !(listing || storing || inFlight > 0 || !pages.isEmpty || !listingDone) { done = true }
        return actions
    }

    /// A listed page came back with `items` items, of which those at `fetching` need a fetch (the
    /// others are resolved by the listing itself); `finished` when it is the job's last page.
    /// Returns the page's number.
    @discardableResult
    public mutating func listed(items: Int, fetching: [Int], finished: Bool) -> Int {
        listing = false
        listedPages += 1
        listedItems += items
        if finished { listingDone = true }
        let page = nextPage
        pages[page] = Page(pending: fetching.count, finished: finished, prepared: !preparesPages)
        for item in fetching { fetchQueue.append((page, item)) }
        nextPage += 1
        return page
    }

    /// The listing found nothing more.
    public mutating func listingEnded() {
        listing = false
        listingDone = true
    }

    /// A fetch of page `page` came back.
    public mutating func fetched(page: Int) {
        inFlight -= 1
        pages[page]?.pending -= 1
    }

    /// Page `page` is prepared.
    public mutating func prepared(page: Int) {
        pages[page]?.preparing = false
        pages[page]?.prepared = true
    }

    /// Page `page` is stored. True when it was the last page: the run is done.
    @discardableResult
    public mutating func stored(page: Int) -> Bool {
        storing = false
        let stored = pages.removeValue(forKey: page)
        nextToStore += 1
        if stored?.finished == true { done = true }
        return done
    }
}
