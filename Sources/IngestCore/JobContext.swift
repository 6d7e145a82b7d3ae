public import Logging

/// Everything an extractor needs to run one job: its identity, the stores and a progress sink.
public struct JobContext: Sendable {
    public var jobID: JobID
    public var tenantID: TenantID
    public var artifacts: any ArtifactStore
    public var searchIndex: any SearchIndex
    public var checkpoints: any CheckpointStore
    public var jobRecords: any JobRecordStore
    /// The tenant's sync marks (read at a sync's start; written with pages through ``artifacts``).
    public var syncStates: any SyncStateStore
    public var secrets: any SecretStore
    public var logger: Logger
    /// Called after every stored page with the job's running totals.
    public var progress: @Sendable (JobProgress) async -> Void
    /// True once the worker is shutting down: an extractor stops at its next page boundary (its
    /// checkpoint holds every stored page) by calling ``checkStopping()``.
    public var isStopping: @Sendable () -> Bool

    public init(
        jobID: JobID,
        tenantID: TenantID,
        artifacts: any ArtifactStore,
        searchIndex: any SearchIndex,
        checkpoints: any CheckpointStore,
        jobRecords: any JobRecordStore,
        syncStates: any SyncStateStore,
        secrets: any SecretStore,
        logger: Logger,
        progress: @escaping @Sendable (JobProgress) async -> Void = { _ in },
        isStopping: @escaping @Sendable () -> Bool = { false }
    ) {
        self.jobID = jobID
        self.tenantID = tenantID
        self.artifacts = artifacts
        self.searchIndex = searchIndex
        self.checkpoints = checkpoints
        self.jobRecords = jobRecords
        self.syncStates = syncStates
        self.secrets = secrets
        self.logger = logger
        self.progress = progress
        self.isStopping = isStopping
    }

    /// Throws `CancellationError` when the worker is shutting down or the task was cancelled; call
    /// it between pages, after a page and its checkpoint are stored.
    public func checkStopping() throws {
        if isStopping() { throw CancellationError() }
        try Task.checkCancellation()
    }
}

/// A job's running totals, reported after each page.
public struct JobProgress: Sendable, Hashable {
    public var counts: JobCounts
    /// How many items the job expects in all (Intercom's `total_count`, or the number of ids), if known.
    public var expectedTotal: Int?

    public init(counts: JobCounts, expectedTotal: Int?) {
        self.counts = counts
        self.expectedTotal = expectedTotal
    }
}
