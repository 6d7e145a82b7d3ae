import ArgumentParser
import Foundation
import IngestCore
import ServiceLifecycle

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

    /// The queue's message size limit (env INGEST_MAX_MESSAGE_BYTES, default 256 KiB as SQS).
    var maxMessageBytes: Int {
        environment["INGEST_MAX_MESSAGE_BYTES"].flatMap(Int.init).map { max($0, 1_024) }
            ?? IngestJob.maximumMessageBytes
    }

    /// Opens the backends, runs their clients (e.g. PostgreSQL's) while `body` runs, then stops them.
    func withBackends<T: Sendable>(_ body: (Backends) async throws -> T) async throws -> T {
        let opened = try Backends.open(
            databaseURL: databaseURL,
            queueURL: queueURL,
            secretsURL: secretsURL,
            maxMessageBytes: maxMessageBytes,
            environment: environment
        )
        guard !opened.services.isEmpty else { return try await body(opened.backends) }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            for service in opened.services {
                group.addTask {
                    try await service.run()
                    return nil
                }
            }
            defer { group.cancelAll() }
            for step in opened.prepare { try await step() }
            return try await body(opened.backends)
        }
    }
}

/// `--log-level` and `--log-format`.
struct LoggingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Log level: trace, debug, info, notice, warning, error (env INGEST_LOG_LEVEL).",
            valueName: "level"
        )
    )
    var logLevel: String?

    @Option(
        help: ArgumentHelp(
            "Log format: text, or json for one JSON object per line (env INGEST_LOG_FORMAT).",
            valueName: "format"
        )
    )
    var logFormat: String?

    func bootstrap(defaultLevel: String = "warning") throws {
        let environment = ProcessInfo.processInfo.environment
        let levelText = logLevel ?? environment["INGEST_LOG_LEVEL"] ?? defaultLevel
        guard let level = LogSetup.level(levelText) else {
            throw ValidationError(
                "--log-level: \"\(levelText)\" is not a level; use trace, debug, info, notice, warning or error"
            )
        }
        let formatText = logFormat ?? environment["INGEST_LOG_FORMAT"] ?? "text"
        guard let format = LogSetup.Format(rawValue: formatText) else {
            throw ValidationError("--log-format: \"\(formatText)\" is not a format; use text or json")
        }
        LogSetup.bootstrap(level: level, format: format)
    }
}
