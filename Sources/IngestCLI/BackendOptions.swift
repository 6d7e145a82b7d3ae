import ArgumentParser
import Foundation

/// `--database`, `--queue`, `--secrets`, with their environment variables.
struct BackendOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Database URL (env INGEST_DATABASE_URL).", valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("Queue URL (env INGEST_QUEUE_URL; default: the database file).", valueName: "url"))
    var queue: String?

    @Option(
        help: ArgumentHelp(
            "Secret store (env INGEST_SECRETS; default file:~/.config/ingest/secrets.json).",
            valueName: "url"
        )
    )
    var secrets: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var databaseURL: String {
        database ?? environment["INGEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite:ingest.sqlite"
    }
    var queueURL: String? { queue ?? environment["INGEST_QUEUE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    var secretsURL: String? { secrets ?? environment["INGEST_SECRETS"] }

    func open() throws -> Backends {
        try Backends.open(
            databaseURL: databaseURL,
            queueURL: queueURL,
            secretsURL: secretsURL,
            environment: environment
        )
    }
}

/// `--log-level`.
struct LoggingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Log level: trace, debug, info, notice, warning, error (env INGEST_LOG_LEVEL).",
            valueName: "level"
        )
    )
    var logLevel: String?

    func bootstrap(defaultLevel: String = "warning") throws {
        let text = logLevel ?? ProcessInfo.processInfo.environment["INGEST_LOG_LEVEL"] ?? defaultLevel
        guard let level = LogSetup.level(text) else {
            throw ValidationError(
                "--log-level: \"\(text)\" is not a level; use trace, debug, info, notice, warning or error"
            )
        }
        LogSetup.bootstrap(level: level)
    }
}
