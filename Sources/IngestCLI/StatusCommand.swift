import ArgumentParser
import Foundation
import IngestCore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "How current each tenant's copy is: artifacts, last backfill and sync, marks, schedule, lag."
    )

    @Option(name: .customLong("tenant-id"), help: "Only this tenant.")
    var tenantID: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var backend: BackendOptions

    /// One tenant's connector.
    struct Entry: Encodable {
        var tenantID: String
        var connector: String
        var artifacts: Int
        var lastBackfill: JobSummary?
        var lastSync: JobSummary?
        var changesMark: String?
        var deletionsMark: String?
        var lastBackfillCompletedAt: Date?
        var lastSyncCompletedAt: Date?
        var scheduleEverySeconds: Int?
        var nextSyncDueAt: Date?
        /// Seconds since the copy was last made current (a completed sync or full backfill).
        var behindSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case tenantID = "tenant_id"
            case connector, artifacts
            case lastBackfill = "last_backfill"
            case lastSync = "last_sync"
            case changesMark = "changes_mark"
            case deletionsMark = "deletions_mark"
            case lastBackfillCompletedAt = "last_full_backfill_completed_at"
            case lastSyncCompletedAt = "last_sync_completed_at"
            case scheduleEverySeconds = "schedule_every_s"
            case nextSyncDueAt = "next_sync_due_at"
            case behindSeconds = "behind_s"
        }
    }

    struct JobSummary: Encodable {
        var jobID: String
        var status: String
        var at: Date
        var error: String?

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id"
            case status, at, error
        }
    }

    func run() async throws {
        let tenant = try tenantID.map(CLIParsing.tenant)
        let registry = Registry.make()
        try await backend.withBackends { backends in
            let states = try await backends.syncStates.syncStates(tenantID: tenant)
            let schedules = try await backends.schedules.schedules(tenantID: tenant)
            let jobs = try await backends.jobRecords.jobs(tenantID: tenant, limit: 10_000)
            var pairs: [String: (TenantID, Connector)] = [:]
            func note(_ tenant: TenantID, _ connector: Connector?) {
                guard let connector else { return }
                pairs["\(tenant.rawValue)\u{0}\(connector.key)"] = (tenant, connector)
            }
            for state in states {
                note(state.tenantID, registry.connectors.first { $0.documentSource == state.source })
            }
            for schedule in schedules { note(schedule.tenantID, registry.connector(key: schedule.connector)) }
            for job in jobs { note(job.tenantID, registry.connector(source: job.source)) }
            let now = Date()
            var entries: [Entry] = []
            for key in pairs.keys.sorted() {
                guard let (tenant, connector) = pairs[key] else { continue }
                let state = states.first { $0.tenantID == tenant && $0.source == connector.documentSource }
                let schedule = schedules.first { $0.tenantID == tenant && $0.connector == connector.key }
                func latest(_ source: String?) -> JobSummary? {
                    jobs.filter { $0.tenantID == tenant && $0.source == source }.max { $0.createdAt < $1.createdAt }
                        .map {
                            JobSummary(
                                jobID: $0.jobID.rawValue,
                                status: $0.status.rawValue,
                                at: $0.finishedAt ?? $0.startedAt ?? $0.createdAt,
                                error: $0.error
                            )
                        }
                }
                let current = [state?.lastSyncAt, state?.lastBackfillAt].compactMap { $0 }.max()
                entries.append(
                    Entry(
                        tenantID: tenant.rawValue,
                        connector: connector.key,
                        artifacts: try await backends.artifacts.countArtifacts(
                            tenantID: tenant,
                            source: connector.documentSource
                        ),
                        lastBackfill: latest(connector.source),
                        lastSync: latest(connector.sync?.source),
                        changesMark: state?.changesMark,
                        deletionsMark: state?.deletionsMark,
                        lastBackfillCompletedAt: state?.lastBackfillAt,
                        lastSyncCompletedAt: state?.lastSyncAt,
                        scheduleEverySeconds: schedule?.everySeconds,
                        nextSyncDueAt: schedule?.nextDueAt,
                        behindSeconds: current.map { max(0, Int(now.timeIntervalSince($0))) }
                    )
                )
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
                return
            }
            if entries.isEmpty {
                print("nothing ingested yet" + (tenant.map { " for tenant \($0)" } ?? ""))
                return
            }
            func job(_ summary: JobSummary?) -> String {
                summary.map { "\($0.status) \(JobFormatting.time($0.at))" } ?? "-"
            }
            TextTable.print(
                header: [
                    "TENANT", "CONNECTOR", "ARTIFACTS", "LAST BACKFILL", "LAST SYNC", "CHANGES MARK", "NEXT SYNC",
                    "BEHIND",
                ],
                rows: entries.map {
                    [
                        $0.tenantID, $0.connector, "\($0.artifacts)", job($0.lastBackfill), job($0.lastSync),
                        $0.changesMark.flatMap { Double($0) }.map {
                            JobFormatting.time(Date(timeIntervalSince1970: $0))
                        }
                            ?? $0.changesMark ?? "-",
                        $0.nextSyncDueAt.map(JobFormatting.time) ?? "-",
                        $0.behindSeconds.map { "\($0)s" } ?? "never synced",
                    ]
                }
            )
        }
    }
}
