public import ArgumentParser

/// `ingest`: the backfill CLI, the worker, search and export, on the backends chosen by URL.
public struct IngestCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Keep a searchable, tenant-scoped copy of your customers' SaaS data.",
        discussion: """
            Backends are chosen by URL: --database / INGEST_DATABASE_URL (default sqlite:ingest.sqlite), \
            --queue / INGEST_QUEUE_URL (default: the database file), --secrets / INGEST_SECRETS \
            (default file:~/.config/ingest/secrets.json).
            """,
        subcommands: [
            ConnectorsCommand.self, BackfillCommand.self, SyncCommand.self, ScheduleCommand.self, StatusCommand.self,
            WorkerCommand.self, JobsCommand.self, SearchCommand.self,
            ExportCommand.self, SecretsCommand.self, DeadLettersCommand.self, MigrateCommand.self, DemoCommand.self,
            FakeIntercomCommand.self,
            FakeZendeskCommand.self,
        ]
    )

    public init() {}
}
