import Foundation
import IngestConnectorKit
import IngestCore
import IngestSQLite
import Logging
import Synchronization
import Testing

/// The driver on a real store: pages in order with their checkpoint and sync state, deletions,
/// settled entries, item issues and resume, for a connector that is nothing but a list in memory.
final class FetchCounter: Sendable {
    let count = Atomic<Int>(0)
}

@Suite("Extraction driver", .timeLimit(.minutes(10)))
struct ExtractionDriverTests {
    /// Pages of `ids` (nil = deleted at the source), fetched slowest-first so results come back out
    /// of order; the last page moves the sync mark.
    struct ListExtraction: PagedExtraction {
        let pages: [[String?]]
        let tenant: TenantID
        let counter = FetchCounter()

        func list(
            after position: Int,
            remainingItems: Int?,
            lastAllowedPage: Bool
        ) async throws -> ListedPage<String, Int>? {
            guard position < pages.count else { return nil }
            let last = position == pages.count - 1
            return ListedPage(
                entries: pages[position].enumerated().map { offset, id in
                    guard let id else {
                        let key = ArtifactKey(
                            tenantID: tenant,
                            source: .intercom,
                            kind: "item",
                            externalID: "gone-\(position)-\(offset)"
                        )
                        return .resolved(.deleted(Tombstone(key: key, deletedAt: Date(timeIntervalSince1970: 10))))
                    }
                    return id.hasPrefix("same") ? .resolved(.unchanged) : .fetch(id)
                },
                next: position + 1,
                checkpoint: PageCheckpoint(cursor: last ? nil : "page-\(position + 1)", finished: last),
                syncState: last
                    ? SyncStateUpdate(tenantID: tenant, source: .intercom, changesMark: "m\(position)") : nil
            )
        }

        func fetch(_ id: String) async throws -> ItemOutcome {
            counter.count.add(1, ordering: .relaxed)
            if id.hasPrefix("bad") { return .failed(externalID: id, reason: "unmappable") }
            // Items later in a page answer sooner.
            try await Task.sleep(for: .milliseconds(Int(id.suffix(1)) ?? 0))
            return .artifact(ExtractionDriverTests.item(id, tenant: tenant))
        }
    }

    static func item(_ id: String, tenant: TenantID) -> Artifact {
        Artifact(
            tenantID: tenant,
            source: .intercom,
            kind: "item",
            externalID: id,
            title: "Item \(id)",
            url: nil,
            createdAt: Date(timeIntervalSince1970: 1),
            updatedAt: Date(timeIntervalSince1970: 5),
            authors: [],
            tags: [],
            state: nil,
            content: "text of \(id)",
            metadata: [:],
            rawPayload: Data("{}".utf8)
        )
    }

    /// A SQLite database in a directory of its own, removed after `body`.
    static func withDatabase(_ body: (SQLiteDatabase) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ingest-driver-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(try SQLiteDatabase(path: directory.appendingPathComponent("db.sqlite").path))
    }

    /// A job on `database`'s stores, with `artifacts` as its artifact store.
    static func context(
        database: SQLiteDatabase,
        tenant: TenantID,
        artifacts: any ArtifactStore,
        progress: @escaping @Sendable (JobProgress) async -> Void
    ) -> JobContext {
        JobContext(
            jobID: .random(),
            tenantID: tenant,
            artifacts: artifacts,
            searchIndex: SQLiteSearchIndex(database: database),
            checkpoints: SQLiteCheckpointStore(database: database),
            jobRecords: SQLiteJobRecordStore(database: database),
            syncStates: SQLiteSyncStateStore(database: database),
            secrets: InMemorySecretStore([:]),
            logger: Logger(label: "test"),
            progress: progress
        )
    }

    /// A store that prepares pages: the SQLite store, with a preparation that names the artifacts it was
    /// made of, and a record of what each stored page brought.
    final class PreparingStore: ArtifactStore {
        let inner: SQLiteArtifactStore
        /// Per stored page with artifacts: nil when it brought no preparation, else whether it was the
        /// preparation of exactly its artifacts.
        let brought = Mutex<[Bool?]>([])
        let prepared = Mutex<Int>(0)
        /// Preparations end only when their task is cancelled.
        let hangs: Bool

        init(inner: SQLiteArtifactStore, hangs: Bool = false) {
            self.inner = inner
            self.hangs = hangs
        }

        var preparesPages: Bool { true }

        func prepareArtifacts(_ artifacts: [Artifact]) async throws -> PreparedArtifacts? {
            prepared.withLock { $0 += 1 }
            if hangs { try await Task.sleep(for: .seconds(3_600)) }
            return PreparedArtifacts(artifacts.map(\.externalID))
        }

        func storePage(_ page: PageWrite) async throws -> BatchStoreResult {
            if !page.artifacts.isEmpty {
                let ids = page.prepared.map { $0.content as? [String] }
                brought.withLock { $0.append(ids.map { $0 == page.artifacts.map(\.externalID) }) }
            }
            return try await inner.storePage(page)
        }

        func storedUpdatedAt(
            tenantID: TenantID,
            source: DocumentSource,
            kind: String,
            externalIDs: [String]
        ) async throws -> [String: Date] {
            try await inner.storedUpdatedAt(tenantID: tenantID, source: source, kind: kind, externalIDs: externalIDs)
        }

        func artifact(_ key: ArtifactKey) async throws -> Artifact? { try await inner.artifact(key) }

        func countArtifacts(tenantID: TenantID, source: DocumentSource) async throws -> Int {
            try await inner.countArtifacts(tenantID: tenantID, source: source)
        }

        func forEachArtifact(
            tenantID: TenantID,
            source: DocumentSource,
            batchSize: Int,
            _ body: ([Artifact]) async throws -> Void
        ) async throws {
            try await inner.forEachArtifact(tenantID: tenantID, source: source, batchSize: batchSize, body)
        }
    }

    @Test(arguments: [1, 4], [false, true])
    func pagesAreStoredInOrderWithTheirCheckpointMarkDeletionsAndIssues(
        concurrency: Int,
        preparing: Bool
    ) async throws {
        try await Self.withDatabase { database in
            let tenant = try TenantID("acme")
            let preparingStore = PreparingStore(inner: SQLiteArtifactStore(database: database))
            let artifacts: any ArtifactStore = preparing ? preparingStore : preparingStore.inner
            let checkpoints = SQLiteCheckpointStore(database: database)
            let syncStates = SQLiteSyncStateStore(database: database)
            let progress = Mutex<[Int]>([])
            let context = Self.context(database: database, tenant: tenant, artifacts: artifacts) { update in
                // The mark is never ahead of the data: it appears only with the last page (first run).
                if progress.withLock({ $0.count }) < 3 {
                    let mark = try? await syncStates.syncState(tenantID: tenant, source: .intercom)
                    #expect((mark != nil) == (update.counts.pages == 3))
                }
                progress.withLock { $0.append(update.counts.pages) }
            }
            let extraction = ListExtraction(
                pages: [["a9", "a5", "a1"], ["same1", nil, "bad1", "b3"], ["c7", "c2"]],
                tenant: tenant
            )
            let driver = ExtractionDriver(
                concurrency: concurrency,
                documentSource: .intercom,
                checkpointSource: "test_source"
            )
            let counts = try await driver.run(
                extraction,
                from: 0,
                counts: JobCounts(),
                expectedTotal: nil,
                context: context
            )
            #expect(counts == JobCounts(pages: 3, stored: 6, unchanged: 1, failed: 1))
            #expect(progress.withLock { $0 } == [1, 2, 3])
            #expect(extraction.counter.count.load(ordering: .relaxed) == 7)
            #expect(try await artifacts.countArtifacts(tenantID: tenant, source: .intercom) == 6)
            let checkpoint = try #require(try await checkpoints.checkpoint(jobID: context.jobID, tenantID: tenant))
            #expect(checkpoint.finished && checkpoint.source == "test_source" && checkpoint.counts == counts)
            #expect(try await syncStates.syncState(tenantID: tenant, source: .intercom)?.changesMark == "m2")
            #expect(
                try await context.jobRecords.itemIssues(jobID: context.jobID, limit: 10).map(\.externalID) == ["bad1"]
            )
            #expect(try await context.searchIndex.search(tenantID: tenant, query: "text", limit: 10).count == 6)
            // A store that prepares gets each prepared page's own preparation with the page (which pages are
            // prepared depends on timing; the sequential design prepares nothing).
            let brought = preparingStore.brought.withLock { $0 }
            #expect(brought.count == (preparing ? 3 : 0))
            #expect(!brought.contains(false))
            #expect(brought.filter { $0 == true }.count == preparingStore.prepared.withLock { $0 })
            if concurrency == 1 { #expect(preparingStore.prepared.withLock { $0 } == 0) }

            // Resumed from its checkpoint after the first page, a run lists and fetches only what is left.
            let resumed = ListExtraction(pages: extraction.pages, tenant: tenant)
            let first = JobCounts(pages: 1, stored: 3)
            let again = try await driver.run(resumed, from: 1, counts: first, expectedTotal: nil, context: context)
            #expect(again.pages == 3 && again.unchanged == 1 + 3)  // the stored ones are unchanged now
            #expect(resumed.counter.count.load(ordering: .relaxed) == 4)
        }
    }

    /// Two pages of one item; the first one's item answers only once a preparation has started, so the
    /// second page is complete first and prepared.
    struct SecondPageFirst: PagedExtraction {
        let tenant: TenantID
        let store: PreparingStore

        func list(
            after position: Int,
            remainingItems: Int?,
            lastAllowedPage: Bool
        ) async throws -> ListedPage<String, Int>? {
            guard position < 2 else { return nil }
            return ListedPage(
                entries: [.fetch(position == 0 ? "a" : "b")],
                next: position + 1,
                checkpoint: PageCheckpoint(cursor: "page-\(position + 1)", finished: position == 1)
            )
        }

        func fetch(_ id: String) async throws -> ItemOutcome {
            while id == "a" && store.prepared.withLock({ $0 }) == 0 {
                try await Task.sleep(for: .milliseconds(1))
            }
            return .artifact(ExtractionDriverTests.item(id, tenant: tenant))
        }
    }

    @Test func cancellingTheRunEndsAPreparationInFlight() async throws {
        try await Self.withDatabase { database in
            let tenant = try TenantID("acme")
            let store = PreparingStore(inner: SQLiteArtifactStore(database: database), hangs: true)
            let storedPages = Mutex<Int>(0)
            let context = Self.context(database: database, tenant: tenant, artifacts: store) { update in
                storedPages.withLock { $0 = update.counts.pages }
            }
            let driver = ExtractionDriver(concurrency: 4, documentSource: .intercom, checkpointSource: "test_source")
            let extraction = SecondPageFirst(tenant: tenant, store: store)
            let run = Task {
                try await driver.run(extraction, from: 0, counts: JobCounts(), expectedTotal: nil, context: context)
            }
            // Page 0 is stored; page 1 waits for its preparation, which waits for cancellation.
            while storedPages.withLock({ $0 }) < 1 {
                try await Task.sleep(for: .milliseconds(5))
            }
            run.cancel()
            let result = await run.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(store.prepared.withLock { $0 } == 1)
            #expect(store.brought.withLock { $0 } == [nil])
            #expect(try await store.countArtifacts(tenantID: tenant, source: .intercom) == 1)
        }
    }
}
