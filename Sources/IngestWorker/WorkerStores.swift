public import IngestCore

/// The backends a worker runs jobs against, chosen by the composition root.
public struct WorkerStores: Sendable {
    public var queue: any JobQueue
    public var artifacts: any ArtifactStore
    public var searchIndex: any SearchIndex
    public var checkpoints: any CheckpointStore
    public var jobRecords: any JobRecordStore
    public var syncStates: any SyncStateStore
    public var leases: any ConnectorLeaseStore
    public var schedules: any ScheduleStore
    public var secrets: any SecretStore

    public init(
        queue: any JobQueue,
        artifacts: any ArtifactStore,
        searchIndex: any SearchIndex,
        checkpoints: any CheckpointStore,
        jobRecords: any JobRecordStore,
        syncStates: any SyncStateStore,
        leases: any ConnectorLeaseStore,
        schedules: any ScheduleStore,
        secrets: any SecretStore
    ) {
        self.syncStates = syncStates
        self.leases = leases
        self.schedules = schedules
        self.queue = queue
        self.artifacts = artifacts
        self.searchIndex = searchIndex
        self.checkpoints = checkpoints
        self.jobRecords = jobRecords
        self.secrets = secrets
    }
}
