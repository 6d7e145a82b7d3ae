public import Foundation

/// One job per (tenant, connector) at a time: a worker takes the pair's lease before it runs a job,
/// renews it while the job runs and gives it back when it ends. A job whose pair is leased to another
/// live job waits on the queue. A lease of a worker that died ends at its expiry; the same job
/// (redelivered after a kill) takes its own lease back at once.
public protocol ConnectorLeaseStore: Sendable {
    /// Takes or renews the lease of (`tenantID`, `source`) for `jobID` until `now + ttl`. Returns nil
    /// when `jobID` holds it, or the job that holds it (and its expiry) when another live job does.
    func acquireLease(
        tenantID: TenantID,
        source: DocumentSource,
        jobID: JobID,
        ttl: Duration,
        now: Date
    ) async throws -> LeaseHolder?

    /// Gives the lease back if `jobID` holds it.
    func releaseLease(tenantID: TenantID, source: DocumentSource, jobID: JobID) async throws
}

/// The job holding a lease, and until when.
public struct LeaseHolder: Sendable, Hashable {
    public var jobID: String
    public var expiresAt: Date

    public init(jobID: String, expiresAt: Date) {
        self.jobID = jobID
        self.expiresAt = expiresAt
    }
}

/// A recurring sync of one tenant's connector.
public struct Schedule: Sendable, Hashable, Codable {
    public var tenantID: TenantID
    /// The connector key (`intercom`).
    public var connector: String
    public var everySeconds: Int
    /// When the next sync is due: the last enqueue plus the interval (the first is due when set).
    public var nextDueAt: Date
    public var lastEnqueuedAt: Date?
    public var lastJobID: String?
    public var createdAt: Date

    public init(
        tenantID: TenantID,
        connector: String,
        everySeconds: Int,
        nextDueAt: Date,
        lastEnqueuedAt: Date? = nil,
        lastJobID: String? = nil,
        createdAt: Date
    ) {
        self.tenantID = tenantID
        self.connector = connector
        self.everySeconds = everySeconds
        self.nextDueAt = nextDueAt
        self.lastEnqueuedAt = lastEnqueuedAt
        self.lastJobID = lastJobID
        self.createdAt = createdAt
    }

    /// The shortest interval allowed.
    public static let minimumSeconds = 10
}

/// Schedules in the database. Workers claim due ones with ``claim(_:jobID:now:)``, a compare-and-set on
/// the due time, so however many workers run, each due sync is enqueued by exactly one.
public protocol ScheduleStore: Sendable {
    /// Creates or replaces the schedule of (`tenantID`, `connector`); a new one is due at `now`, a changed
    /// one keeps its last enqueue and is next due at that plus the new interval.
    @discardableResult
    func setSchedule(tenantID: TenantID, connector: String, everySeconds: Int, now: Date) async throws -> Schedule

    /// Schedules of one tenant, or all, ordered by tenant then connector.
    func schedules(tenantID: TenantID?) async throws -> [Schedule]

    /// Removes a schedule; false when there was none.
    func removeSchedule(tenantID: TenantID, connector: String) async throws -> Bool

    /// Schedules due at `now`.
    func dueSchedules(now: Date) async throws -> [Schedule]

    /// Records that `jobID` was enqueued for `schedule` at `now`, if the schedule is still as read (its
    /// due time unchanged): the next run is due at `now` + the interval. False when another worker
    /// claimed it first (or it was changed or removed).
    func claim(_ schedule: Schedule, jobID: JobID, now: Date) async throws -> Bool
}
