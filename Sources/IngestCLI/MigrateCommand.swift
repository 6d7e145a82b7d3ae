import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema (workers also do it when they start).",
        discussion: "Safe to run while workers run: migrations are append-only and take an advisory lock."
    )

    @OptionGroup var backend: BackendOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try logging.bootstrap()
        // Opening the backends runs pending migrations (SQLite and PostgreSQL alike).
        try await backend.withBackends { backends in
            print("\(backends.databaseDescription): schema up to date")
        }
    }
}
