import ArgumentParser
import Foundation
import IngestCore

/// Reading a job's config from `--config` / `--config-file`, and enqueueing jobs with their records.
enum ConfigInput {
    /// The config object given on the command line (empty when none was given and none is required).
    /// `source` may appear in it only with this job's own value.
    static func fields(
        config: String?,
        configFile: String?,
        source: String,
        required: Bool,
        connector: Connector,
        example: [String: JSONValue]? = nil
    ) throws -> [String: JSONValue] {
        let example = JSONValue.object(example ?? connector.configExample).canonicalString
        let text: String
        if let config {
            text = config
        } else if let configFile {
            guard let data = FileManager.default.contents(atPath: configFile) else {
                throw ValidationError("--config-file: cannot read \(configFile)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            if required {
                throw ValidationError("connector \(connector.key) needs --config, e.g. --config '\(example)'")
            }
            return [:]
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw ValidationError("--config is not valid JSON; expected an object such as \(example)")
        }
        guard case .object(var fields) = value else {
            throw ValidationError("--config must be a JSON object, got \(value.typeDescription)")
        }
        for key in ["source", "tenant_id", "job_id"] where fields[key] != nil {
            if key == "source", fields[key] == .string(source) {
                fields[key] = nil
                continue
            }
            throw ValidationError(
                "--config: \(key) is set by the CLI (from --connector / --tenant-id) and must not be in the config"
            )
        }
        return fields
    }

    /// Creates each job's record (queued), then sends the messages; when the send fails, the records
    /// say so and nothing is left looking queued.
    static func enqueue(_ jobs: [IngestJob], backends: Backends) async throws {
        for job in jobs {
            try await backends.jobRecords.createJob(
                JobRecord(
                    jobID: job.jobID,
                    tenantID: job.tenantID,
                    source: job.source,
                    config: job.configFields,
                    status: .queued
                )
            )
        }
        do {
            try await backends.queue.sendBatch(jobs.map { $0.encode() })
        } catch {
            for job in jobs {
                var failed = JobRecord(
                    jobID: job.jobID,
                    tenantID: job.tenantID,
                    source: job.source,
                    config: job.configFields,
                    status: .failed
                )
                failed.error = "could not be enqueued: \(error)"
                try? await backends.jobRecords.updateJob(failed)
            }
            throw CLIError("could not enqueue the job: \(error)")
        }
    }
}
