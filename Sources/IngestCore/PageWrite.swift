/// One transaction's worth of writes: a page of artifacts, the deletions it found, the checkpoint that
/// describes it and the sync state it moves. Nothing of it is visible unless all of it is.
public struct PageWrite: Sendable {
    public var artifacts: [Artifact]
    public var deletions: [Tombstone]
    /// Builds the job's checkpoint from the page's result (so its counts include this page).
    public var checkpoint: (@Sendable (BatchStoreResult) -> Checkpoint)?
    public var syncState: SyncStateUpdate?
    /// What the store's ``ArtifactStore/prepareArtifacts(_:)`` made of `artifacts` ahead of this write,
    /// if anything: a store that finds none, or one made of artifacts not equal to these, does that work
    /// itself.
    public var prepared: PreparedArtifacts?

    public init(
        artifacts: [Artifact] = [],
        deletions: [Tombstone] = [],
        checkpoint: (@Sendable (BatchStoreResult) -> Checkpoint)? = nil,
        syncState: SyncStateUpdate? = nil,
        prepared: PreparedArtifacts? = nil
    ) {
        self.artifacts = artifacts
        self.deletions = deletions
        self.checkpoint = checkpoint
        self.syncState = syncState
        self.prepared = prepared
    }
}

/// The part of storing a page's artifacts that a store did before the page's turn (see
/// ``ArtifactStore/prepareArtifacts(_:)``); only the store that made it reads what it holds.
public struct PreparedArtifacts: Sendable {
    /// The store's own value.
    public let content: any Sendable

    public init(_ content: any Sendable) {
        self.content = content
    }
}
