import IngestConnectorKit
import Testing

/// The engine's state machine, driven by hand: no I/O, no sleeps, no clock.
@Suite("Page scheduler", .timeLimit(.minutes(10)))
struct PageSchedulerTests {
    typealias Action = PageScheduler.Action

    private func expectCancelled(_ scheduler: inout PageScheduler, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let actions = try scheduler.next(stopping: true)
            Issue.record("expected CancellationError, got \(actions)", sourceLocation: sourceLocation)
        } catch is CancellationError {
        } catch {
            Issue.record("expected CancellationError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    private func fetches(_ actions: [Action]) -> [Action] {
        actions.filter { if case .fetch = $0 { true } else { false } }
    }

    @Test func listsAheadWhileFetchingAndStoresPagesStrictlyInOrder() throws {
        var scheduler = PageScheduler(concurrency: 4, pagesAhead: 3)
        #expect(try scheduler.next(stopping: false) == [.list(remainingItems: nil, lastAllowedPage: false)])
        scheduler.listed(items: 3, fetching: [0, 1, 2], finished: false)
        // The next page is listed while the first one's items are fetched.
        #expect(
            try scheduler.next(stopping: false) == [
                .list(remainingItems: nil, lastAllowedPage: false),
                .fetch(page: 0, item: 0), .fetch(page: 0, item: 1), .fetch(page: 0, item: 2),
            ]
        )
        scheduler.listed(items: 2, fetching: [0, 1], finished: true)
        // Concurrency 4: one more fetch, from page 1, across the page boundary; nothing more is listed.
        #expect(try scheduler.next(stopping: false) == [.fetch(page: 1, item: 0)])
        #expect(scheduler.fetchesInFlight == 4)
        // Page 1 completes first, but page 0 is stored first.
        scheduler.fetched(page: 1)
        #expect(try scheduler.next(stopping: false) == [.fetch(page: 1, item: 1)])
        scheduler.fetched(page: 1)
        #expect(try scheduler.next(stopping: false) == [])
        for _ in 0..<3 { scheduler.fetched(page: 0) }
        #expect(try scheduler.next(stopping: false) == [.store(page: 0)])
        #expect(try scheduler.next(stopping: false) == [])  // one store at a time
        let stored0 = scheduler.stored(page: 0)
        #expect(!stored0)
        #expect(try scheduler.next(stopping: false) == [.store(page: 1)])
        let stored1 = scheduler.stored(page: 1)
        #expect(stored1)
        #expect(scheduler.isDone)
        #expect(try scheduler.next(stopping: false) == [])
    }

    @Test func neverHoldsMoreThanPagesAheadUnstored() throws {
        var scheduler = PageScheduler(concurrency: 2, pagesAhead: 3)
        var listedPages = 0
        for _ in 0..<10 {
            let actions = try scheduler.next(stopping: false)
            if actions.contains(.list(remainingItems: nil, lastAllowedPage: false)) {
                scheduler.listed(items: 5, fetching: Array(0..<5), finished: false)
                listedPages += 1
            }
        }
        // Nothing is fetched back, so nothing is stored: listing stops at three unstored pages.
        #expect(listedPages == 3)
    }

    @Test func concurrencyOneIsSequentialOneActionAtATime() throws {
        var scheduler = PageScheduler(concurrency: 1, pagesAhead: 3)
        #expect(try scheduler.next(stopping: false) == [.list(remainingItems: nil, lastAllowedPage: false)])
        scheduler.listed(items: 2, fetching: [0, 1], finished: false)
        #expect(try scheduler.next(stopping: false) == [.fetch(page: 0, item: 0)])
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: false) == [.fetch(page: 0, item: 1)])
        scheduler.fetched(page: 0)
        // Nothing is listed ahead: the page is stored before the next one is listed.
        #expect(try scheduler.next(stopping: false) == [.store(page: 0)])
        scheduler.stored(page: 0)
        #expect(try scheduler.next(stopping: false) == [.list(remainingItems: nil, lastAllowedPage: false)])
        scheduler.listingEnded()
        #expect(try scheduler.next(stopping: false) == [])
        #expect(scheduler.isDone)
    }

    @Test func limitsCountWhatWasListedIncludingWhatAResumedJobStored() throws {
        var scheduler = PageScheduler(
            concurrency: 4,
            limits: PageScheduler.Limits(maxPages: 3, maxItems: 100),
            storedPages: 2,
            storedItems: 60
        )
        // Two pages and 60 items are stored: one page is allowed, and at most 40 items.
        #expect(try scheduler.next(stopping: false) == [.list(remainingItems: 40, lastAllowedPage: true)])
        scheduler.listed(items: 0, fetching: [], finished: true)
        #expect(try scheduler.next(stopping: false) == [.store(page: 0)])
        let stored0 = scheduler.stored(page: 0)
        #expect(stored0)

        var byItems = PageScheduler(concurrency: 4, limits: PageScheduler.Limits(maxItems: 10), storedItems: 10)
        // The item limit is reached already: nothing is listed and the run is done.
        #expect(try byItems.next(stopping: false) == [])
        #expect(byItems.isDone)
    }

    @Test func entriesSettledByTheListingAreNotFetchedAndAnEmptyPageIsStoredAtOnce() throws {
        var scheduler = PageScheduler(concurrency: 8)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 4, fetching: [1, 3], finished: false)
        let actions = try scheduler.next(stopping: false)
        #expect(fetches(actions) == [.fetch(page: 0, item: 1), .fetch(page: 0, item: 3)])
        scheduler.listed(items: 3, fetching: [], finished: false)
        // Page 1 needs nothing fetched, but waits for page 0.
        #expect(!(try scheduler.next(stopping: false)).contains(.store(page: 1)))
        scheduler.fetched(page: 0)
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: false).contains(.store(page: 0)))
        scheduler.stored(page: 0)
        #expect(try scheduler.next(stopping: false).contains(.store(page: 1)))
    }

    @Test func stoppingFinishesThePageInHandThenCancels() throws {
        var scheduler = PageScheduler(concurrency: 2, pagesAhead: 3)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 3, fetching: [0, 1, 2], finished: false)
        #expect(fetches(try scheduler.next(stopping: false)).count == 2)
        scheduler.listed(items: 2, fetching: [0, 1], finished: false)
        // Stopping: nothing more is listed, page 0 still gets its last item; page 1 gets nothing.
        #expect(try scheduler.next(stopping: true) == [])
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: true) == [.fetch(page: 0, item: 2)])
        scheduler.fetched(page: 0)
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: true) == [.store(page: 0)])
        scheduler.stored(page: 0)
        expectCancelled(&scheduler)
    }

    @Test func stoppingBeforeAnythingIsListedCancelsAtOnce() {
        var scheduler = PageScheduler(concurrency: 4)
        expectCancelled(&scheduler)
    }

    @Test(arguments: [false, true])
    func aLongRunKeepsEveryItemFetchedOnceAndEveryPageStoredOnceInOrder(preparesPages: Bool) throws {
        var scheduler = PageScheduler(concurrency: 7, pagesAhead: 3, preparesPages: preparesPages)
        var pending: [(page: Int, item: Int)] = []
        var preparing: [Int] = []
        var prepared = Set<Int>()
        var fetched = Set<[Int]>()
        var stored: [Int] = []
        var listed = 0
        var round = 0
        while !scheduler.isDone {
            round += 1
            if round > 100_000 {
                Issue.record("the run did not end")
                break
            }
            for action in try scheduler.next(stopping: false) {
                switch action {
                case .list:
                    listed += 1
                    scheduler.listed(items: 50, fetching: Array(0..<50), finished: listed == 40)
                case .fetch(let page, let item):
                    #expect(fetched.insert([page, item]).inserted)
                    pending.append((page, item))
                case .prepare(let page):
                    #expect(preparesPages)
                    #expect(!prepared.contains(page) && !preparing.contains(page))
                    preparing.append(page)
                case .store(let page):
                    // Never while its preparation runs.
                    #expect(!preparing.contains(page))
                    stored.append(page)
                    scheduler.stored(page: page)
                }
            }
            // Fetches and preparations come back out of order: the newest first.
            if let last = pending.popLast() { scheduler.fetched(page: last.page) }
            if round.isMultiple(of: 3), let last = preparing.popLast() {
                prepared.insert(last)
                scheduler.prepared(page: last)
            }
            #expect(scheduler.fetchesInFlight <= 7)
        }
        #expect(stored == Array(0..<40))
        #expect(fetched.count == 40 * 50)
        #expect(preparesPages ? !prepared.isEmpty : prepared.isEmpty)
        #expect(preparing.isEmpty)
    }

    @Test func aPageCompleteBeforeItsTurnIsPreparedAndTheNextIsStoredAtOnce() throws {
        var scheduler = PageScheduler(concurrency: 4, pagesAhead: 3, preparesPages: true)
        #expect(try scheduler.next(stopping: false) == [.list(remainingItems: nil, lastAllowedPage: false)])
        scheduler.listed(items: 1, fetching: [0], finished: false)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 1, fetching: [0], finished: true)
        #expect(fetches(try scheduler.next(stopping: false)) == [.fetch(page: 1, item: 0)])
        // Page 1 is complete first: it is prepared, while page 0 is still fetched.
        scheduler.fetched(page: 1)
        #expect(try scheduler.next(stopping: false) == [.prepare(page: 1)])
        // Page 0 is complete with nothing being stored: stored at once, with nothing to prepare beside.
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: false) == [.store(page: 0)])
        scheduler.prepared(page: 1)
        #expect(try scheduler.next(stopping: false) == [])
        scheduler.stored(page: 0)
        #expect(try scheduler.next(stopping: false) == [.store(page: 1)])
        let last = scheduler.stored(page: 1)
        #expect(last && scheduler.isDone)
    }

    @Test func aPageCompleteWhileAnotherIsStoredIsPreparedBesideItAndStoredOncePrepared() throws {
        var scheduler = PageScheduler(concurrency: 4, pagesAhead: 3, preparesPages: true)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 1, fetching: [0], finished: false)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 1, fetching: [0], finished: true)
        _ = try scheduler.next(stopping: false)
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: false) == [.store(page: 0)])
        scheduler.fetched(page: 1)
        #expect(try scheduler.next(stopping: false) == [.prepare(page: 1)])
        // Page 0 is stored before page 1's preparation ends: page 1 waits for it.
        scheduler.stored(page: 0)
        #expect(try scheduler.next(stopping: false) == [])
        scheduler.prepared(page: 1)
        #expect(try scheduler.next(stopping: false) == [.store(page: 1)])
    }

    @Test func theSequentialDesignPreparesNothing() throws {
        var scheduler = PageScheduler(concurrency: 1, preparesPages: true)
        #expect(!scheduler.preparesPages)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 1, fetching: [0], finished: true)
        #expect(try scheduler.next(stopping: false) == [.fetch(page: 0, item: 0)])
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: false) == [.store(page: 0)])
    }

    @Test func stoppingPreparesNothingPastThePageInHand() throws {
        var scheduler = PageScheduler(concurrency: 4, pagesAhead: 3, preparesPages: true)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 1, fetching: [0], finished: false)
        _ = try scheduler.next(stopping: false)
        scheduler.listed(items: 1, fetching: [0], finished: false)
        #expect(fetches(try scheduler.next(stopping: false)) == [.fetch(page: 1, item: 0)])
        scheduler.fetched(page: 0)
        #expect(try scheduler.next(stopping: false).contains(.store(page: 0)))
        // The stop comes while page 0 is stored; page 1, complete after it, will be fetched again on
        // resume, not prepared now.
        #expect(try scheduler.next(stopping: true) == [])
        scheduler.fetched(page: 1)
        #expect(try scheduler.next(stopping: true) == [])
        scheduler.stored(page: 0)
        expectCancelled(&scheduler)
    }
}
