import ArgumentParser
import Foundation
import IngestCore

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List jobs, or show one job's status, counts, errors and checkpoint.",
        subcommands: [List.self, Show.self, RetryFailed.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recent jobs, newest first.")

        @Option(name: .customLong("tenant-id"), help: "Only this tenant's jobs.")
        var tenantID: String?

        @Option(help: "How many jobs to list.")
        var limit = 50

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let tenant = try tenantID.map(CLIParsing.tenant)
            try await backend.withBackends { backends in
                let records = try await backends.jobRecords.jobs(tenantID: tenant, limit: max(limit, 1))
                if records.isEmpty {
                    print("no jobs" + (tenant.map { " for tenant \($0)" } ?? ""))
                    return
                }
                let rows = records.map { record in
                    [
                        record.jobID.rawValue, record.tenantID.rawValue, record.status.rawValue,
                        "\(record.counts.pages)",
                        "\(record.counts.stored)", "\(record.counts.updated)", "\(record.counts.unchanged)",
                        "\(record.counts.missing)",
                        "\(record.counts.failed)", JobFormatting.time(record.createdAt),
                    ]
                }
                TextTable.print(
                    header: [
                        "JOB ID", "TENANT", "STATUS", "PAGES", "STORED", "UPDATED", "UNCHANGED", "MISSING", "FAILED",
                        "CREATED",
                    ],
                    rows: rows
                )
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")

        @Argument(help: "The job id.")
        var jobID: String

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let id: JobID
            do { id = try JobID(jobID) } catch { throw ValidationError("job id \(error.problem)") }
            try await backend.withBackends { backends in
                guard let record = try await backends.jobRecords.job(id) else {
                    throw CLIError("no job \(jobID) in \(backends.databaseDescription) (list jobs with `ingest jobs`)")
                }
                print("job:       \(record.jobID)")
                print("tenant:    \(record.tenantID)")
                print("source:    \(record.source)")
                print("status:    \(record.status.rawValue)")
                print("attempts:  \(record.attempts)")
                print("config:    \(JSONValue.object(record.config).canonicalString)")
                print("counts:    \(JobFormatting.summary(record.counts))")
                if let expected = record.expectedTotal { print("expected:  \(expected)") }
                print("created:   \(JobFormatting.time(record.createdAt))")
                print("started:   \(JobFormatting.time(record.startedAt))")
                print("finished:  \(JobFormatting.time(record.finishedAt))")
                if let error = record.error { print("error:     \(error)") }
                if let checkpoint = try await backends.checkpoints.checkpoint(jobID: id, tenantID: record.tenantID) {
                    var text = checkpoint.finished ? "finished" : "next cursor \(checkpoint.cursor ?? "-")"
                    if checkpoint.position > 0 { text += ", \(checkpoint.position) ids done" }
                    print("checkpoint: \(text) (\(JobFormatting.time(checkpoint.updatedAt)))")
                }
                let issues = try await backends.jobRecords.itemIssues(jobID: id, limit: 200)
                let failed = issues.filter { $0.kind == .failed }
                let missing = issues.filter { $0.kind == .missing }
                if !missing.isEmpty {
                    print("missing (\(missing.count)): \(missing.map(\.externalID).joined(separator: ", "))")
                }
                if !failed.isEmpty {
                    print("failures (\(failed.count)):")
                    for issue in failed { print("  \(issue.externalID): \(issue.reason)") }
                    print("re-run them with: ingest jobs retry-failed \(record.jobID)")
                }
            }
        }
    }
}

extension JobsCommand {
    /// Re-runs just the items a job recorded as failed, as a new job of the same tenant and connector.
    struct RetryFailed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry-failed",
            abstract: "Enqueue a new job for just the ids a job recorded as failed (prints the new job id)."
        )

        @Argument(help: "The job whose failed ids to re-run.")
        var jobID: String

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let id: JobID
            do { id = try JobID(jobID) } catch { throw ValidationError("job id \(error.problem)") }
            let registry = Registry.make()
            try await backend.withBackends { backends in
                guard let record = try await backends.jobRecords.job(id) else {
                    throw CLIError("no job \(jobID) in \(backends.databaseDescription) (list jobs with `ingest jobs`)")
                }
                guard let connector = registry.connector(source: record.source), let field = connector.splittableField
                else {
                    throw CLIError("jobs of source \(record.source) cannot be re-run by id")
                }
                let failed = try await backends.jobRecords.itemIssues(jobID: id, limit: 1_000_000)
                    .filter { $0.kind == .failed }.map(\.externalID)
                guard !failed.isEmpty else {
                    print("job \(id) has no failed items to re-run")
                    return
                }
                var fields = record.config
                fields[field.name] = .array(failed.map(JSONValue.string))
                // A retry covers exactly these ids: no cursor, no limits from the original run.
                for key in ["starting_after", "max_pages", "max_conversations"] where fields[key] != nil {
                    fields[key] = .null
                }
                let draft = IngestJob(
                    source: record.source,
                    tenantID: record.tenantID,
                    jobID: .random(),
                    configFields: fields
                )
                let jobs = try draft.splitting(
                    field: field.name,
                    maxItems: field.maxItemsPerJob,
                    maxBytes: backend.maxMessageBytes
                ).map { part in
                    IngestJob(config: try connector.validate(record.tenantID, part.configFields), jobID: part.jobID)
                }
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
                try await backends.queue.sendBatch(jobs.map { $0.encode() })
                for job in jobs { print(job.jobID.rawValue) }
                FileHandle.standardError.write(Data("re-running \(failed.count) failed ids of job \(id)\n".utf8))
            }
        }
    }
}

enum CLIParsing {
    static func tenant(_ text: String) throws -> TenantID {
        do { return try TenantID(text) } catch { throw ValidationError("--tenant-id \(error.problem)") }
    }
}

enum TextTable {
    static func print(header: [String], rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        Swift.print(line(header))
        for row in rows { Swift.print(line(row)) }
    }
}
