public import Foundation

/// The status and history of one job, as `ingest jobs` shows it.
public struct JobRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Enqueued, not yet picked up.
        case queued
        case running
        /// Failed this attempt; the message returns to the queue and will be retried.
        case retrying
        case succeeded
        case failed
        /// The message could not be run and went to the dead letters.
        case deadLettered = "dead_lettered"

        public var isFinal: Bool { self == .succeeded || self == .failed || self == .deadLettered }
    }

    public var jobID: JobID
    public var tenantID: TenantID
    public var source: String
    /// The job message's config fields (never a secret).
    public var config: [String: JSONValue]
    public var status: Status
    public var counts: JobCounts
    /// An estimate of the items the job will see (e.g. Intercom's `total_count`), when known.
    public var expectedTotal: Int?
    /// Why the job failed, or the last error it is retrying after.
    public var error: String?
    public var attempts: Int
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var updatedAt: Date

    public init(
        jobID: JobID,
        tenantID: TenantID,
        source: String,
        config: [String: JSONValue],
        status: Status,
        counts: JobCounts = JobCounts(),
        expectedTotal: Int? = nil,
        error: String? = nil,
        attempts: Int = 0,
        createdAt: Date = Date(),
        startedAt: Date? = nil,
        finishedAt: Date? = nil,
        updatedAt: Date = Date()
    ) {
        self.jobID = jobID
        self.tenantID = tenantID
        self.source = source
        self.config = config
        self.status = status
        self.counts = counts
        self.expectedTotal = expectedTotal
        self.error = error
        self.attempts = attempts
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }
}

/// One item a job could not ingest, or found missing.
public struct JobItemIssue: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The API says it does not exist (deleted).
        case missing
        case failed
    }

    public var jobID: JobID
    public var externalID: String
    public var kind: Kind
    public var reason: String

    public init(jobID: JobID, externalID: String, kind: Kind, reason: String) {
        self.jobID = jobID
        self.externalID = externalID
        self.kind = kind
        self.reason = reason
    }
}

/// Job records: created by `ingest backfill`, updated by the worker.
public protocol JobRecordStore: Sendable {
    /// Creates the record, or leaves an existing record of the same id untouched.
    func createJob(_ record: JobRecord) async throws
    func updateJob(_ record: JobRecord) async throws
    func job(_ id: JobID) async throws -> JobRecord?
    /// Newest first; all tenants when `tenantID` is nil.
    func jobs(tenantID: TenantID?, limit: Int) async throws -> [JobRecord]
    func recordItemIssues(_ issues: [JobItemIssue]) async throws
    func itemIssues(jobID: JobID, limit: Int) async throws -> [JobItemIssue]
}
