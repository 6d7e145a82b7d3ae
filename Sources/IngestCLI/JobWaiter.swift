import ArgumentParser
import Foundation
import IngestCore

/// Follows a job record until the job ends (`backfill --wait`).
struct JobWaiter {
    let jobRecords: any JobRecordStore
    let renderer = ProgressRenderer()

    func wait(for jobID: JobID) async throws {
        var announced = false
        var lastUpdate = Date.distantPast
        while true {
            guard let record = try await jobRecords.job(jobID) else {
                throw CLIError("job \(jobID) has no record")
            }
            if record.status == .queued && !announced {
                renderer.message("waiting for a worker to pick up job \(jobID) (start one with `ingest worker`)")
                announced = true
            }
            if record.status == .running, record.updatedAt > lastUpdate {
                lastUpdate = record.updatedAt
                let counts = record.counts
                renderer.progress(
                    jobID: jobID.rawValue,
                    pages: counts.pages,
                    processed: counts.processed,
                    stored: counts.stored,
                    updated: counts.updated,
                    unchanged: counts.unchanged,
                    missing: counts.missing,
                    failed: counts.failed,
                    expected: record.expectedTotal
                )
            }
            if record.status.isFinal {
                renderer.finished(
                    jobID: jobID.rawValue,
                    status: record.status.rawValue,
                    summary: JobFormatting.summary(record.counts),
                    error: record.error
                )
                if record.status != .succeeded { throw ExitCode(1) }
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}

enum JobFormatting {
    static func summary(_ counts: JobCounts) -> String {
        "\(counts.pages) pages, \(counts.stored) stored, \(counts.updated) updated, \(counts.unchanged) unchanged, "
            + "\(counts.missing) missing, \(counts.failed) failed"
            + (counts.deleted > 0 ? ", \(counts.deleted) deleted" : "")
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
