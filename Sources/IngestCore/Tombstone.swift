public import Foundation

/// A deleted item: its artifact leaves the store, the search index and the export, and a write whose
/// `updatedAt` is not later than `deletedAt` cannot bring it back.
public struct Tombstone: Sendable, Hashable {
    public var key: ArtifactKey
    /// When the item was deleted at the source (or when a connector first saw it gone).
    public var deletedAt: Date

    public init(key: ArtifactKey, deletedAt: Date) {
        self.key = key
        self.deletedAt = deletedAt
    }
}

/// One transaction's worth of writes: a page of artifacts, the deletions it found, the checkpoint that
/// describes it and the sync state it moves. Nothing of it is visible unless all of it is.
public struct PageWrite: Sendable {
    public var artifacts: [Artifact]
    public var deletions: [Tombstone]
    /// Builds the job's checkpoint from the page's result (so its counts include this page).
    public var checkpoint: (@Sendable (BatchStoreResult) -> Checkpoint)?
    public var syncState: SyncStateUpdate?

    public init(
        artifacts: [Artifact] = [],
        deletions: [Tombstone] = [],
        checkpoint: (@Sendable (BatchStoreResult) -> Checkpoint)? = nil,
        syncState: SyncStateUpdate? = nil
    ) {
        self.artifacts = artifacts
        self.deletions = deletions
        self.checkpoint = checkpoint
        self.syncState = syncState
    }
}
