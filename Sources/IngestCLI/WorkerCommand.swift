import ArgumentParser
import Foundation
import IngestCore
import IngestWorker
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the ingest worker: take jobs from the queue and run them.",
        discussion:
            "Stops gracefully on SIGTERM or SIGINT: running jobs keep their checkpoints and go back on the queue."
    )

    @Option(help: "Jobs to run at once.")
    var concurrency = 1

    @Flag(name: .customLong("until-empty"), help: "Return once the queue is drained and no job is running.")
    var untilEmpty = false

    @Option(
        name: .customLong("visibility-timeout"),
        help: "Seconds a received job stays invisible (renewed while it runs)."
    )
    var visibilityTimeout = 60

    @Option(
        name: .customLong("shutdown-timeout"),
        help:
            "Seconds a graceful stop (SIGTERM/SIGINT) may take before running jobs are cancelled; a second signal exits at once."
    )
    var shutdownTimeout = 30

    @Option(
        name: .customLong("max-attempts"),
        help:
            "Attempts a job gets for retryable failures (an API that cannot be reached, server errors); after the last it fails with its reason and its message is kept as a dead letter."
    )
    var maxAttempts = 3

    @Flag(
        name: .customLong("no-schedules"),
        help:
            "Do not enqueue due scheduled syncs (another worker does); by default every worker does, each due sync once."
    )
    var noSchedules = false

    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus metrics at http://HOST:PORT/metrics.")
    var metricsPort: Int?

    @Option(
        name: .customLong("metrics-host"),
        help: "Address the metrics endpoint binds (0.0.0.0 to be scraped from other hosts)."
    )
    var metricsHost = "127.0.0.1"

    @OptionGroup var backend: BackendOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...64).contains(concurrency) else {
            throw ValidationError("--concurrency must be from 1 to 64, got \(concurrency)")
        }
        guard (5...43_200).contains(visibilityTimeout) else {
            throw ValidationError("--visibility-timeout must be from 5 to 43200 seconds, got \(visibilityTimeout)")
        }
        guard (1...4).contains(maxAttempts) else {
            throw ValidationError(
                "--max-attempts must be from 1 to 4 (the queue dead-letters a message received 5 times), got \(maxAttempts)"
            )
        }
        guard (1...3_600).contains(shutdownTimeout) else {
            throw ValidationError("--shutdown-timeout must be from 1 to 3600 seconds, got \(shutdownTimeout)")
        }
        for connector in Registry.make().connectors {
            do {
                try connector.checkEnvironment(ProcessInfo.processInfo.environment)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be from 0 to 65535, got \(metricsPort)")
        }
    }

    func run() async throws {
        try logging.bootstrap(defaultLevel: "info")
        Logger(label: "ingest.worker").debug("tasks run on \(EventLoopExecutor.describeCurrent())")
        try await backend.withBackends { backends in
            let summary = try await WorkerRun.run(
                stores: backends.workerStores,
                registry: Registry.make(),
                configuration: WorkerConfiguration(
                    concurrency: concurrency,
                    untilEmpty: untilEmpty,
                    visibilityTimeout: .seconds(visibilityTimeout),
                    heartbeatInterval: .seconds(max(visibilityTimeout / 3, 1)),
                    maxAttempts: maxAttempts,
                    shutdownTimeout: .seconds(shutdownTimeout),
                    runsSchedules: !noSchedules
                ),
                renderer: ProgressRenderer(),
                extraServices: metricsPort.map {
                    [MetricsEndpoint.service(host: metricsHost, port: $0, logger: Logger(label: "ingest.metrics"))]
                } ?? []
            )
            if untilEmpty {
                print(
                    "queue drained: \(summary.succeeded) jobs succeeded, \(summary.failed) failed, \(summary.deadLettered) dead-lettered"
                )
            }
        }
    }
}

/// Runs a worker in a service group with signal handling and progress display.
enum WorkerRun {
    struct Summary: Sendable {
        var succeeded = 0
        var failed = 0
        var deadLettered = 0
    }

    static func run(
        stores: WorkerStores,
        registry: ConnectorRegistry,
        configuration: WorkerConfiguration,
        renderer: ProgressRenderer,
        extraServices: [any Service] = []
    ) async throws -> Summary {
        let summary = SummaryBox()
        let worker = IngestWorker(
            stores: stores,
            registry: registry,
            configuration: configuration,
            logger: Logger(label: "ingest.worker"),
            events: { event in
                switch event {
                case .started(let jobID, let tenantID, let source):
                    renderer.started(jobID: jobID, tenantID: tenantID, source: source)
                case .progress(let jobID, let counts, let expected):
                    renderer.progress(
                        jobID: jobID,
                        pages: counts.pages,
                        processed: counts.processed,
                        stored: counts.stored,
                        updated: counts.updated,
                        unchanged: counts.unchanged,
                        missing: counts.missing,
                        failed: counts.failed,
                        expected: expected
                    )
                case .finished(let jobID, let status, let counts, let error):
                    summary.record(status)
                    renderer.finished(
                        jobID: jobID,
                        status: status,
                        summary:
                            "\(counts.pages) pages, \(counts.stored) stored, \(counts.updated) updated, \(counts.unchanged) unchanged, \(counts.missing) missing, \(counts.failed) failed"
                            + (counts.deleted > 0 ? ", \(counts.deleted) deleted" : ""),
                        error: error
                    )
                case .deadLettered(let messageID, let reason):
                    summary.record("dead_lettered")
                    renderer.message("message \(messageID) dead-lettered: \(reason)")
                case .waiting(let jobID, let behind):
                    renderer.message("job \(jobID) waits for job \(behind) of the same tenant and connector")
                }
            }
        )
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)]
                + extraServices.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "ingest.service-group")
        )
        // Past the bound, whatever still runs is cancelled (its message is released all the same).
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        let group = ServiceGroup(configuration: groupConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            // A second SIGTERM or SIGINT means "now": exit without waiting for the jobs in hand.
            tasks.addTask {
                var received = 0
                for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                    received += 1
                    if received >= 2 {
                        FileHandle.standardError.write(Data("second signal: exiting at once\n".utf8))
                        exit(130)
                    }
                }
            }
            try await group.run()
            tasks.cancelAll()
        }
        return summary.value
    }
}

final class SummaryBox: Sendable {
    private let summary = Mutex(WorkerRun.Summary())
    func record(_ status: String) {
        summary.withLock { summary in
            switch status {
            case "succeeded": summary.succeeded += 1
            case "failed": summary.failed += 1
            case "dead_lettered": summary.deadLettered += 1
            default: break
            }
        }
    }
    var value: WorkerRun.Summary { summary.withLock { $0 } }
}
