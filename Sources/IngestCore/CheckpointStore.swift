/// Reads and writes job checkpoints. Artifact stores save checkpoints with their batches; this port
/// is for reading them back on resume and for jobs that checkpoint without data.
public protocol CheckpointStore: Sendable {
    func checkpoint(jobID: JobID) async throws -> Checkpoint?
    func saveCheckpoint(_ checkpoint: Checkpoint) async throws
}
