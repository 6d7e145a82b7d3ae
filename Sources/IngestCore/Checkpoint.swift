public import Foundation

/// Where a job got to: written in the same transaction as the page of artifacts it describes, so it
/// never runs ahead of the data.
public struct Checkpoint: Sendable, Hashable, Codable {
    public var jobID: JobID
    public var tenantID: TenantID
    public var source: String
    /// The API cursor of the next page to fetch (fetch-all mode); nil once the last page is stored.
    public var cursor: String?
    /// How many of the job's specific ids are done (specific-ids mode).
    public var position: Int
    public var counts: JobCounts
    /// True when the job has nothing left to fetch.
    public var finished: Bool
    /// A value the job carries across restarts, connector-defined: the sync mark a fetch-all backfill
    /// sets when it completes (its start), or a sync's highest `updated_at` so far.
    public var mark: String?
    public var updatedAt: Date

    public init(
        jobID: JobID,
        tenantID: TenantID,
        source: String,
        cursor: String?,
        position: Int,
        counts: JobCounts,
        finished: Bool,
        mark: String? = nil,
        updatedAt: Date = Date()
    ) {
        self.jobID = jobID
        self.tenantID = tenantID
        self.source = source
        self.cursor = cursor
        self.position = position
        self.counts = counts
        self.finished = finished
        self.mark = mark
        self.updatedAt = updatedAt
    }
}
