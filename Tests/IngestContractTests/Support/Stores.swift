import IngestCore

/// The stores of one database, as the worker and the CLI see them: through the ports only.
struct Stores: Sendable {
    var artifacts: any ArtifactStore
    var searchIndex: any SearchIndex
    var checkpoints: any CheckpointStore
    var jobRecords: any JobRecordStore
    var syncStates: any SyncStateStore
    var leases: any ConnectorLeaseStore
    var schedules: any ScheduleStore
}
