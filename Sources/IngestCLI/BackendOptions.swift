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
            return try await body(opened.backends)
        }
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
