import IngestCore

/// A page's artifacts flattened to their columns, with the vectors computed ahead of the write
/// (``PostgresArtifactStore/prepareArtifacts(_:)``).
struct PreparedRows: Sendable {
    /// The artifacts they were made of (arrays share their storage: not a copy).
    var artifacts: [Artifact]
    var rows: [ArtifactColumns]

    /// The columns of `artifacts`: the prepared ones when `prepared` was made of artifacts equal to
    /// these, in the same order (every field: a preparation made of an earlier fetch of the same item
    /// is not used), else flattened now, without vectors.
    static func rows(of artifacts: [Artifact], prepared: PreparedArtifacts?) throws -> [ArtifactColumns] {
        if let prepared = prepared?.content as? PreparedRows, prepared.artifacts == artifacts {
            return prepared.rows
        }
        return try artifacts.map(ArtifactColumns.init)
    }
}
