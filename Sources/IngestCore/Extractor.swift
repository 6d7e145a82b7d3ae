/// Runs backfill jobs of one config type: pages through an API, builds artifacts, stores them in
/// batches with checkpoints and triggers indexing.
public protocol Extractor: Sendable {
    associatedtype Config: BackfillIngestConfig

    /// Runs (or resumes, from `context`'s checkpoint) one job and returns its final counts.
    /// Throws ``IngestError`` for failures the operator must see.
    func processJob(_ config: Config, context: JobContext) async throws -> JobCounts
}
