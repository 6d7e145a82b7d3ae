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
