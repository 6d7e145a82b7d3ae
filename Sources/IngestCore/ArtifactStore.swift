public import Foundation

/// Stores artifacts with the upsert rules of the design (§4).
///
/// - An artifact is upserted by its ``ArtifactKey``.
/// - One whose `updatedAt` is older than the stored one is ignored (`stale`).
/// - One whose content hash equals the stored one writes nothing and is not re-indexed (`unchanged`).
/// - Anything written is searchable once ``SearchIndex/triggerIndexing(tenantID:source:)`` has run: a
///   store either marks it for indexing (SQLite: the trigger indexes it) or indexes it in the same
///   transaction as it writes it (PostgreSQL: the `tsvector` is computed by the upsert itself, once, and
///   the trigger finds nothing left to do).
/// - A deletion removes the artifact from the store and the search index, and keeps a ``Tombstone``: an
///   artifact whose `updatedAt` is not later than the tombstone's `deletedAt` is ignored (`stale`); a
///   later one (the item was restored) is stored and lifts the tombstone.
public protocol ArtifactStore: Sendable {
    /// Applies a page in one transaction: deletions first, then the upserts, then the checkpoint that
    /// `page.checkpoint` builds from the result (so its counts include this page) and the sync state.
    @discardableResult
    func storePage(_ page: PageWrite) async throws -> BatchStoreResult

    /// Whether ``prepareArtifacts(_:)`` does anything; when it does, a paged extraction prepares each
    /// complete page while the pages before it are still being stored.
    var preparesPages: Bool { get }

    /// Does the part of storing `artifacts` that depends on nothing stored — PostgreSQL computes their
    /// search vectors on a connection of its own — so that it can run alongside the transaction of an
    /// earlier page instead of inside this page's. Pass the result as ``PageWrite/prepared`` with the
    /// same artifacts. Nil when there is nothing to prepare, or when preparing failed: the store then
    /// does the work in its transaction, as without a preparation. Throws only `CancellationError`
    /// (a caller treats any other error as nil).
    func prepareArtifacts(_ artifacts: [Artifact]) async throws -> PreparedArtifacts?

    /// The stored `updatedAt` of each of `externalIDs` that is stored (a sync skips what is current).
    func storedUpdatedAt(
        tenantID: TenantID,
        source: DocumentSource,
        kind: String,
        externalIDs: [String]
    ) async throws -> [String: Date]

    /// The stored artifact with this key, if any.
    func artifact(_ key: ArtifactKey) async throws -> Artifact?

    /// How many artifacts a tenant has for a source.
    func countArtifacts(tenantID: TenantID, source: DocumentSource) async throws -> Int

    /// Calls `body` with the tenant's artifacts for a source in pages of `batchSize`, oldest first,
    /// so an export of any size holds one page in memory.
    func forEachArtifact(
        tenantID: TenantID,
        source: DocumentSource,
        batchSize: Int,
        _ body: ([Artifact]) async throws -> Void
    ) async throws
}

/// What one batch write did.
public struct BatchStoreResult: Sendable, Hashable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Older than what is stored, or than the item's tombstone: ignored.
    public var stale = 0
    /// Stored artifacts removed by a deletion.
    public var deleted = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, stale: Int = 0, deleted: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.stale = stale
        self.deleted = deleted
    }

    public var written: Int { inserted + updated }
}

extension ArtifactStore {
    /// Stores that do all their work in ``storePage(_:)`` prepare nothing.
    public var preparesPages: Bool { false }

    /// Nothing to prepare: nil.
    public func prepareArtifacts(_ artifacts: [Artifact]) async throws -> PreparedArtifacts? { nil }

    /// Upserts a batch and, in the same transaction, saves the checkpoint that `checkpoint` builds
    /// from the batch's result (so the checkpoint's counts include this batch).
    public func storeArtifactsBatch(
        _ artifacts: [Artifact],
        checkpoint: (@Sendable (BatchStoreResult) -> Checkpoint)?
    ) async throws -> BatchStoreResult {
        try await storePage(PageWrite(artifacts: artifacts, checkpoint: checkpoint))
    }

    /// Upserts a batch without a checkpoint.
    @discardableResult
    public func storeArtifactsBatch(_ artifacts: [Artifact]) async throws -> BatchStoreResult {
        try await storeArtifactsBatch(artifacts, checkpoint: nil)
    }
}
