/// Reads and writes job checkpoints. Artifact stores save checkpoints with their batches; this port
/// is for reading them back on resume and for jobs that checkpoint without data.
public protocol CheckpointStore: Sendable {
    /// The checkpoint of `jobID`, if that job belongs to `tenantID`: one tenant never reads another's.
    func checkpoint(jobID: JobID, tenantID: TenantID) async throws -> Checkpoint?

    /// Saves (replaces) the checkpoint of its job. Throws an ``IngestError`` `configuration` when the
    /// job id already has a checkpoint of another tenant: one tenant never overwrites another's.
    func saveCheckpoint(_ checkpoint: Checkpoint) async throws
}

extension Checkpoint {
    /// The error of a save whose job id already belongs to another tenant's job.
    public var ownedByAnotherTenantError: IngestError {
        IngestError(
            .configuration,
            "job id \(jobID) already belongs to another tenant's job; give this job a new job_id"
        )
    }
}
