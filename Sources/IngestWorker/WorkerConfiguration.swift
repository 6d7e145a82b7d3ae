/// How an ``IngestWorker`` takes and runs jobs.
public struct WorkerConfiguration: Sendable {
    /// Jobs run at once.
    public var concurrency: Int
    /// Return once the queue has nothing visible and no job is running (batch runs, tests, CI).
    public var untilEmpty: Bool
    /// How long a received message stays invisible; the heartbeat renews it while the job runs.
    public var visibilityTimeout: Duration
    /// How often the heartbeat renews the visibility timeout.
    public var heartbeatInterval: Duration
    /// Long-poll wait of one receive.
    public var receiveWait: Duration
    /// Delay before a job that failed with a retryable error is visible again (times the receive count).
    public var retryDelay: Duration
    /// Attempts a job gets for retryable failures (an API that cannot be reached, 5xx past the
    /// request's retries): the attempt that fails on the last one fails the job with its reason and
    /// keeps its message as a dead letter. Keep it below the queue's own maximum receive count.
    public var maxAttempts: Int
    /// How long a graceful shutdown may take: running jobs stop at their next page boundary, and
    /// whatever is still running after this is cancelled (its message released all the same).
    public var shutdownTimeout: Duration
    /// How long a job waits on the queue, each time, while another job of the same tenant and
    /// connector runs (it goes back as a new message, so waiting never counts as an attempt).
    public var leaseWaitDelay: Duration
    /// Whether this worker enqueues due scheduled syncs (every ``scheduleInterval``; with
    /// ``untilEmpty``, once at start).
    public var runsSchedules: Bool
    public var scheduleInterval: Duration

    public init(
        concurrency: Int = 1,
        untilEmpty: Bool = false,
        visibilityTimeout: Duration = .seconds(60),
        heartbeatInterval: Duration = .seconds(20),
        receiveWait: Duration = .seconds(5),
        retryDelay: Duration = .seconds(5),
        maxAttempts: Int = 3,
        shutdownTimeout: Duration = .seconds(30),
        leaseWaitDelay: Duration = .seconds(5),
        runsSchedules: Bool = true,
        scheduleInterval: Duration = .seconds(2)
    ) {
        self.leaseWaitDelay = leaseWaitDelay
        self.runsSchedules = runsSchedules
        self.scheduleInterval = scheduleInterval
        self.concurrency = max(concurrency, 1)
        self.untilEmpty = untilEmpty
        self.visibilityTimeout = visibilityTimeout
        self.heartbeatInterval = heartbeatInterval
        self.receiveWait = receiveWait
        self.retryDelay = retryDelay
        self.maxAttempts = max(maxAttempts, 1)
        self.shutdownTimeout = shutdownTimeout
    }
}

/// Something that happened to a job, for progress displays.
public enum WorkerEvent: Sendable {
    case started(jobID: String, tenantID: String, source: String)
    case progress(jobID: String, counts: JobCountsSnapshot, expectedTotal: Int?)
    case finished(jobID: String, status: String, counts: JobCountsSnapshot, error: String?)
    case deadLettered(messageID: String, reason: String)
    /// A job went back on the queue to wait for `behind`, a job of the same tenant and connector.
    case waiting(jobID: String, behind: String)
}

/// Counts as plain numbers (so displays need not import the core).
public struct JobCountsSnapshot: Sendable {
    public var pages, stored, updated, unchanged, missing, failed: Int
    public var deleted = 0
    public var processed: Int { stored + updated + unchanged + missing + failed + deleted }
}
