import ArgumentParser
import Foundation
import IngestCore

struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Recurring syncs: workers enqueue each due sync once, however many of them run.",
        subcommands: [Set.self, List.self, Remove.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync a tenant's connector every interval (the first sync is due now).",
            discussion: """
                A sync is enqueued when due and the previous one is done; the next is due one interval \
                after it was enqueued. A schedule waits while the tenant has no full backfill.
                """
        )

        @Option(name: .customLong("tenant-id"), help: "The tenant.")
        var tenantID: String

        @Option(help: "The connector key (see `ingest connectors`).")
        var connector: String

        @Option(
            help: ArgumentHelp(
                "The interval: a number with s, m, h or d (at least 10s), e.g. 15m.",
                valueName: "interval"
            )
        )
        var every: String

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let tenant = try CLIParsing.tenant(tenantID)
            let connector = try ScheduleCommand.syncConnector(self.connector)
            let seconds = try ScheduleCommand.interval(every)
            try await backend.withBackends { backends in
                let schedule = try await backends.schedules.setSchedule(
                    tenantID: tenant,
                    connector: connector.key,
                    everySeconds: seconds,
                    now: Date()
                )
                print(
                    "tenant \(tenant): \(connector.key) syncs every \(ScheduleCommand.format(seconds)); "
                        + "next due \(JobFormatting.time(schedule.nextDueAt))"
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List schedules.")

        @Option(name: .customLong("tenant-id"), help: "Only this tenant's schedules.")
        var tenantID: String?

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let tenant = try tenantID.map(CLIParsing.tenant)
            try await backend.withBackends { backends in
                let schedules = try await backends.schedules.schedules(tenantID: tenant)
                if schedules.isEmpty {
                    print("no schedules" + (tenant.map { " for tenant \($0)" } ?? ""))
                    return
                }
                TextTable.print(
                    header: ["TENANT", "CONNECTOR", "EVERY", "NEXT DUE", "LAST ENQUEUED", "LAST JOB"],
                    rows: schedules.map {
                        [
                            $0.tenantID.rawValue, $0.connector, ScheduleCommand.format($0.everySeconds),
                            JobFormatting.time($0.nextDueAt), JobFormatting.time($0.lastEnqueuedAt),
                            $0.lastJobID ?? "-",
                        ]
                    }
                )
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a tenant's recurring sync.")

        @Option(name: .customLong("tenant-id"), help: "The tenant.")
        var tenantID: String

        @Option(help: "The connector key.")
        var connector: String

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let tenant = try CLIParsing.tenant(tenantID)
            try await backend.withBackends { backends in
                guard try await backends.schedules.removeSchedule(tenantID: tenant, connector: connector) else {
                    throw CLIError("tenant \(tenant) has no schedule for connector \(connector)")
                }
                print("removed the \(connector) schedule of tenant \(tenant)")
            }
        }
    }

    static func syncConnector(_ key: String) throws -> Connector {
        let registry = Registry.make()
        guard let connector = registry.connector(key: key) else {
            throw ValidationError(registry.unknownConnectorMessage(key))
        }
        guard connector.sync != nil else {
            throw ValidationError("connector \(key) has no incremental sync to schedule")
        }
        return connector
    }

    /// Seconds in an interval such as `90s`, `15m`, `2h` or `1d`; at least ``Schedule/minimumSeconds``.
    static func interval(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let unit = trimmed.last, let factor = units[unit], let number = Int(trimmed.dropLast()), number > 0,
            number <= Int.max / factor / 2
        else {
            throw ValidationError(
                "--every: \"\(text.prefix(40))\" is not an interval; use a whole number with s, m, h or d, e.g. 15m"
            )
        }
        let seconds = number * factor
        guard seconds >= Schedule.minimumSeconds else {
            throw ValidationError("--every: \(text) is too short; the shortest interval is \(Schedule.minimumSeconds)s")
        }
        return seconds
    }

    static func format(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
