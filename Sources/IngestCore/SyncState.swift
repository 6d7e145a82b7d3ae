public import Foundation

/// How far a tenant's copy of one connector's data is current: written in the same transaction as the
/// page of artifacts it describes, so a mark is never ahead of the stored data.
public struct SyncState: Sendable, Hashable, Codable {
    public var tenantID: TenantID
    /// The connector's document source (`intercom`, …).
    public var source: DocumentSource
    /// Where the next incremental sync reads changes from: connector-defined (Intercom: `updated_at`
    /// Unix seconds; a cursor-based API: its opaque cursor). Nil until a full backfill or a sync set it.
    public var changesMark: String?
    /// Where the next sync reads deletions from (Intercom: `deleted_at` Unix seconds).
    public var deletionsMark: String?
    /// When the last sync completed.
    public var lastSyncAt: Date?
    /// When the last full (fetch-all) backfill completed.
    public var lastBackfillAt: Date?
    public var updatedAt: Date

    public init(
        tenantID: TenantID,
        source: DocumentSource,
        changesMark: String? = nil,
        deletionsMark: String? = nil,
        lastSyncAt: Date? = nil,
        lastBackfillAt: Date? = nil,
        updatedAt: Date = Date()
    ) {
        self.tenantID = tenantID
        self.source = source
        self.changesMark = changesMark
        self.deletionsMark = deletionsMark
        self.lastSyncAt = lastSyncAt
        self.lastBackfillAt = lastBackfillAt
        self.updatedAt = updatedAt
    }
}

/// A change to one tenant's ``SyncState`` for one source; nil fields keep what is stored.
public struct SyncStateUpdate: Sendable, Hashable {
    public var tenantID: TenantID
    public var source: DocumentSource
    public var changesMark: String?
    public var deletionsMark: String?
    public var syncCompletedAt: Date?
    public var backfillCompletedAt: Date?

    public init(
        tenantID: TenantID,
        source: DocumentSource,
        changesMark: String? = nil,
        deletionsMark: String? = nil,
        syncCompletedAt: Date? = nil,
        backfillCompletedAt: Date? = nil
    ) {
        self.tenantID = tenantID
        self.source = source
        self.changesMark = changesMark
        self.deletionsMark = deletionsMark
        self.syncCompletedAt = syncCompletedAt
        self.backfillCompletedAt = backfillCompletedAt
    }

    /// `state` (or a new one) with this update applied.
    public func applied(to state: SyncState?, at now: Date) -> SyncState {
        var next = state ?? SyncState(tenantID: tenantID, source: source, updatedAt: now)
        if let changesMark { next.changesMark = changesMark }
        if let deletionsMark { next.deletionsMark = deletionsMark }
        if let syncCompletedAt { next.lastSyncAt = syncCompletedAt }
        if let backfillCompletedAt { next.lastBackfillAt = backfillCompletedAt }
        next.updatedAt = now
        return next
    }
}

/// Reads and writes sync state. Extractors write it through ``ArtifactStore/storePage(_:)`` with the
/// page it describes; this port reads it back and writes it when no data goes with it.
public protocol SyncStateStore: Sendable {
    /// The tenant's state for one source, if any sync or full backfill set it.
    func syncState(tenantID: TenantID, source: DocumentSource) async throws -> SyncState?

    /// Every stored state, of one tenant or of all, ordered by tenant then source.
    func syncStates(tenantID: TenantID?) async throws -> [SyncState]

    /// Applies an update without data.
    func apply(_ update: SyncStateUpdate) async throws
}
