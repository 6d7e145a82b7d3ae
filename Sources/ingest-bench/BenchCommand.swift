import ArgumentParser
import FakeIntercom
import FakeZendesk
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-bench",
        abstract: "Benchmark the real pipeline (fetch, decode, store, index) against FakeIntercom.",
        discussion: """
            Scenarios: latency (100 ms per request, 1,000 requests per 10-second window, 5,000 \
            conversations), cpu (no latency or limit, 20,000 conversations of 15–16 parts on average), memory \
            (20,000 and 100,000 conversations), search (queries over the 100,000), zendesk (FakeZendesk: 2,800 \
            tickets at 100 ms per request and a plan limit of 700 requests a minute, then 5,000 tickets \
            unthrottled for CPU per ticket), incremental (`ingest sync` after 1% of the 100,000 changed, at 100 ms \
            and 250 requests per 10 s), tenants (20 tenants of 1,200 conversations, each limited to 200 requests \
            per 10 s at 100 ms, backfilled at once by one worker with --concurrency 20). With --backend postgres \
            the latency, cpu, memory, search and incremental scenarios store in PostgreSQL (started as the test \
            script starts it, or --postgres-url). Each worker runs in a \
            process of its own on the embedded defaults; its peak memory and CPU time come from wait4. \
            Build with -c release.
            """
    )

    enum Scenario: String, CaseIterable, ExpressibleByArgument {
        case latency, cpu, memory, search, zendesk, incremental, tenants
    }

    enum Backend: String, ExpressibleByArgument {
        case sqlite, postgres
    }

    @Option(
        name: .customLong("scenario"),
        help:
            "Scenarios to run (repeatable): latency, cpu, memory, search, zendesk, incremental, tenants. Default: all."
    )
    var scenarios: [Scenario] = []

    @Option(help: "Where the pipeline stores: sqlite (the embedded default) or postgres.")
    var backend = Backend.sqlite

    @Option(
        help: ArgumentHelp(
            "With --backend postgres: a running server to use (any database on it; the benchmark creates its own) "
                + "instead of starting one."
        )
    )
    var postgresURL: String?

    @Option(help: "Where to write the results as JSON.")
    var output = "benchmark-results.json"

    @Option(
        help: "Multiply every conversation count by this (e.g. 0.1 to try the benchmark quickly; targets assume 1)."
    )
    var scale = 1.0

    @Flag(
        help:
            "Run the sequential design on all of each data set instead of its first 500 (latency) or 5,000 (cpu) conversations."
    )
    var fullSequential = false

    @Option(help: "INTERCOM_FETCH_CONCURRENCY of the concurrent runs (default: the connector's, 32).")
    var fetchConcurrency: Int?

    @Flag(help: "Keep the 100,000-conversation database (its path is printed) instead of deleting it.")
    var keepData = false

    @Option(
        help: ArgumentHelp(
            "Run the search scenario on a database kept by an earlier --keep-data run instead of building one "
                + "(a SQLite path, or with --backend postgres the postgres:// URL it printed)."
        )
    )
    var searchDatabase: String?

    @Option(
        help: "Matches a search query ranks at most, the tenant's newest (default: the index's, 500 on both backends)."
    )
    var searchCandidates: Int?

    func validate() throws {
        guard scale > 0 && scale <= 10 else {
            throw ValidationError("--scale must be above 0 and at most 10, got \(scale)")
        }
        if postgresURL != nil && backend != .postgres {
            throw ValidationError("--postgres-url needs --backend postgres")
        }
        if let searchCandidates, searchCandidates < 1 {
            throw ValidationError("--search-candidates must be at least 1, got \(searchCandidates)")
        }
        if let searchDatabase, searchDatabase.hasPrefix("postgres") != (backend == .postgres) {
            throw ValidationError(
                "--search-database is a SQLite path with --backend sqlite and a postgres:// URL with --backend postgres"
            )
        }
    }

    func run() async throws {
        #if DEBUG
        say("warning: this is a debug build; numbers are only meaningful with `swift run -c release ingest-bench`\n")
        #endif
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let chosen = Set(scenarios.isEmpty ? Scenario.allCases : scenarios)
        var report = Report(machine: Report.Machine.current(), scale: scale)
        say("ingest-bench on \(report.machine.summary)\n")
        let scratch = FileManager.default.temporaryDirectory
        var postgres: PostgresServer?
        if backend == .postgres {
            if let postgresURL {
                postgres = try PostgresServer.existing(url: postgresURL)
            } else {
                postgres = try await PostgresServer.start(executable: executable, scratch: scratch)
            }
            say("PostgreSQL at \(postgres?.baseURL ?? "")\n")
        }
        do {
            try await run(chosen: chosen, report: &report, executable: executable, postgres: postgres)
        } catch {
            await postgres?.stop(scratch: scratch)
            throw error
        }
        await postgres?.stop(scratch: scratch)
        try report.write(to: URL(fileURLWithPath: output))
        say(report.summary)
        say("results written to \(output)")
        if !report.allPassed { throw ExitCode(1) }
    }

    private func run(
        chosen: Set<Scenario>,
        report: inout Report,
        executable: String,
        postgres: PostgresServer?
    ) async throws {

        if chosen.contains(.latency) {
            let count = scaled(5_000)
            let spec = WorkspaceSpec(seed: 501, conversationCount: count, appID: "benchlat")
            let concurrent = try await PipelineRun(
                label: "latency-bound, concurrent",
                spec: spec,
                latency: .milliseconds(100),
                rateLimitPerWindow: 1_000,
                fetchConcurrency: fetchConcurrency,
                postgres: postgres
            ).run(executable: executable)
            report.show(concurrent)
            let sequential = try await PipelineRun(
                label: "latency-bound, sequential (the guide's design)",
                spec: spec,
                latency: .milliseconds(100),
                rateLimitPerWindow: 1_000,
                fetchConcurrency: 1,
                maxConversations: fullSequential ? nil : min(count, scaled(500)),
                postgres: postgres
            ).run(executable: executable)
            report.show(sequential)
            report.add(
                scenario: "latency",
                runs: [concurrent, sequential],
                targets: [
                    .init(
                        name: "share of the rate limit sustained",
                        value: concurrent.rateLimitShare ?? 0,
                        target: 0.95,
                        atLeast: true,
                        unit: "share"
                    ),
                    .init(
                        name: "requests answered 429",
                        value: concurrent.rateLimitedShare,
                        target: 0.01,
                        atLeast: false,
                        unit: "share"
                    ),
                ],
                speedup: concurrent.conversationsPerSecond / sequential.conversationsPerSecond
            )
        }

        var cpuRun: PipelineRun.Result?
        var cpuExtras: [PipelineRun.Result] = []
        var cpuTargets: [Report.Target] = []
        if chosen.contains(.cpu) || chosen.contains(.memory) {
            let count = scaled(20_000)
            let spec = WorkspaceSpec(seed: 502, conversationCount: count, appID: "benchcpu", meanParts: 14)
            let concurrent = try await PipelineRun(
                label: "cpu-bound 20k, concurrent",
                spec: spec,
                fetchConcurrency: fetchConcurrency,
                postgres: postgres,
                prerendersConversations: true
            ).run(executable: executable)
            report.show(concurrent)
            cpuRun = concurrent
            if chosen.contains(.cpu) {
                // The same size and shape, written the way customers of a global business write.
                let realWorld = try await PipelineRun(
                    label: "cpu-bound 20k, real-world text, concurrent",
                    spec: WorkspaceSpec(
                        seed: 504,
                        conversationCount: count,
                        appID: "benchrwt",
                        meanParts: 14,
                        text: .realWorld
                    ),
                    fetchConcurrency: fetchConcurrency,
                    postgres: postgres,
                    prerendersConversations: true
                ).run(executable: executable)
                report.show(realWorld)
                // The issue's target is for the worker on one core (as measured from outside): all its
                // threads pinned to the last CPU, the fake Intercom left to the scheduler.
                let oneCore = try await PipelineRun(
                    label: "cpu-bound 20k, real-world text, worker on one core",
                    spec: realWorld.spec,
                    fetchConcurrency: fetchConcurrency,
                    postgres: postgres,
                    workerCore: ProcessInfo.processInfo.activeProcessorCount - 1,
                    prerendersConversations: true
                ).run(executable: executable)
                report.show(oneCore)
                say(
                    "cpu: worker CPU per conversation \(Report.format(concurrent.workerCPUMillisecondsPerConversation)) ms "
                        + "(mostly English), \(Report.format(realWorld.workerCPUMillisecondsPerConversation)) ms (real-world text), "
                        + "\(Report.format(oneCore.workerCPUMillisecondsPerConversation)) ms (real-world text, worker on one core); "
                        + "database \(Report.format(concurrent.databaseBytesPerConversation / 1_024)) KB and "
                        + "\(Report.format(realWorld.databaseBytesPerConversation / 1_024)) KB per conversation\n"
                )
                cpuExtras = [realWorld, oneCore]
                cpuTargets = [
                    .init(
                        name: "worker CPU per conversation, real-world text, worker on one core",
                        value: oneCore.workerCPUMillisecondsPerConversation,
                        target: 0.3,
                        atLeast: false,
                        unit: "ms"
                    ),
                    .init(
                        name: "database per conversation, real-world text",
                        value: realWorld.databaseBytesPerConversation / 1_024,
                        target: 9,
                        atLeast: false,
                        unit: "KB"
                    ),
                ]
                let sequential = try await PipelineRun(
                    label: "cpu-bound, sequential (the guide's design)",
                    spec: spec,
                    fetchConcurrency: 1,
                    maxConversations: fullSequential ? nil : min(count, scaled(5_000)),
                    postgres: postgres,
                    prerendersConversations: true
                ).run(executable: executable)
                report.show(sequential)
                let meanParts = Double(concurrent.verification.expectedParts) / Double(max(concurrent.conversations, 1))
                if postgres != nil {
                    // On PostgreSQL the database's own CPU is reported with each run; the size per
                    // conversation is PostgreSQL's, which the SQLite target does not describe.
                    cpuTargets.removeAll { $0.unit == "KB" }
                }
                report.add(
                    scenario: "cpu",
                    runs: [concurrent, sequential] + cpuExtras,
                    targets: [
                        .init(
                            name: postgres == nil ? "conversations per second" : "conversations per second, PostgreSQL",
                            value: concurrent.conversationsPerSecond,
                            target: postgres == nil ? 2_000 : 1_000,
                            atLeast: true,
                            unit: "/s"
                        ),
                        .init(name: "parts per conversation", value: meanParts, target: 15, atLeast: true, unit: ""),
                    ] + cpuTargets,
                    speedup: concurrent.conversationsPerSecond / sequential.conversationsPerSecond
                )
            }
        }

        var largeRun: PipelineRun.Result?
        if chosen.contains(.memory) || chosen.contains(.incremental)
            || (chosen.contains(.search) && searchDatabase == nil)
        {
            let spec = WorkspaceSpec(seed: 503, conversationCount: scaled(100_000), appID: "benchmem", meanParts: 14)
            let run = try await PipelineRun(
                label: "100k, concurrent",
                spec: spec,
                fetchConcurrency: fetchConcurrency,
                keepDirectory: true,
                postgres: postgres
            ).run(executable: executable)
            report.show(run)
            largeRun = run
            if chosen.contains(.memory), let small = cpuRun {
                let megabyte = 1_048_576.0
                report.add(
                    scenario: "memory",
                    runs: [small, run],
                    targets: [
                        .init(
                            name: "peak memory, 20k",
                            value: Double(small.peakRSSBytes) / megabyte,
                            target: 200,
                            atLeast: false,
                            unit: "MB"
                        ),
                        .init(
                            name: "peak memory, 100k",
                            value: Double(run.peakRSSBytes) / megabyte,
                            target: 200,
                            atLeast: false,
                            unit: "MB"
                        ),
                        // "No growth": five times the conversations may not cost 10% more memory.
                        .init(
                            name: "growth from 20k to 100k",
                            value: Double(run.peakRSSBytes) / Double(max(small.peakRSSBytes, 1)) - 1,
                            target: 0.10,
                            atLeast: false,
                            unit: "share"
                        ),
                    ],
                    speedup: nil
                )
            }
        }

        if chosen.contains(.zendesk) {
            // Enough tickets for about four of Zendesk's minute windows at 700 requests each.
            let limited = try await ZendeskRun(
                label: "zendesk, 100 ms latency, plan limit 700/min",
                spec: ZendeskAccountSpec(
                    seed: 601,
                    subdomain: "benchzd",
                    ticketCount: scaled(2_800),
                    burstSize: scaled(1_200),
                    longTicketCount: scaled(10)
                ),
                latency: .milliseconds(100),
                planLimitPerMinute: 700
            ).run(executable: executable)
            report.show(limited)
            let unthrottled = try await ZendeskRun(
                label: "zendesk, cpu-bound (no latency, no plan limit)",
                spec: ZendeskAccountSpec(
                    seed: 602,
                    subdomain: "benchzd",
                    ticketCount: scaled(5_000),
                    burstSize: scaled(1_200),
                    longTicketCount: scaled(20)
                )
            ).run(executable: executable)
            report.show(unthrottled)
            // Reported, not a target (yet): the speed issue sets one on real-world text.
            say(
                "zendesk: worker CPU \(Report.format(unthrottled.workerCPUMillisecondsPerTicket)) ms per ticket "
                    + "(\(Report.format(Double(unthrottled.comments) / Double(max(unthrottled.tickets, 1)))) comments per ticket)\n"
            )
            report.addZendesk(
                runs: [limited, unthrottled],
                targets: [
                    .init(
                        name: "share of the 700/min plan limit sustained",
                        value: limited.sustainedShare ?? 0,
                        target: 0.95,
                        atLeast: true,
                        unit: "share"
                    ),
                    .init(
                        name: "requests sent before a Retry-After had passed",
                        value: Double(limited.requestsBeforeRetryAfter),
                        target: 1,
                        atLeast: false,
                        unit: ""
                    ),
                    .init(
                        name: "export requests in any minute",
                        value: Double(max(limited.maxExportRequestsPerMinute, unthrottled.maxExportRequestsPerMinute)),
                        target: 11,
                        atLeast: false,
                        unit: ""
                    ),
                ]
            )
        }

        let searchPath = searchDatabase ?? largeRun?.directory.appendingPathComponent("ingest.sqlite").path
        let searchWorkspace = Workspace(
            spec: WorkspaceSpec(seed: 503, conversationCount: scaled(100_000), appID: "benchmem", meanParts: 14)
        )
        if chosen.contains(.search), postgres != nil, let url = searchDatabase ?? largeRun?.databaseURL {
            let result = try await SearchBenchmark.run(
                postgresURL: url,
                tenant: "bench",
                workspace: searchWorkspace,
                candidateLimit: searchCandidates
            )
            report.show(result)
            report.addSearch(result, backend: "postgres", medianTarget: 20, p99Target: 200)
        } else if chosen.contains(.search), let searchPath {
            let result = try await SearchBenchmark.run(
                databasePath: searchPath,
                tenant: "bench",
                workspace: searchWorkspace,
                candidateLimit: searchCandidates
            )
            report.show(result)
            report.addSearch(result, backend: "sqlite", medianTarget: 5, p99Target: 50)
        }
        if chosen.contains(.incremental), let large = largeRun {
            // 1% of the workspace: 950 conversations with a new part, 50 deleted.
            let changed = max(2, scaled(1_000))
            let result = try await IncrementalRun(
                label: "incremental: sync after 1% changed, 100 ms latency, 250 requests per 10 s",
                base: large,
                touched: changed - max(1, changed / 20),
                deleted: max(1, changed / 20)
            ).run(executable: executable)
            report.show(result)
            report.add(
                scenario: "incremental",
                figures: [
                    "changed": Double(result.changed),
                    "requests": Double(result.requests),
                    "requests_per_change": result.requestsPerChange,
                    "wall_seconds": result.wallSeconds,
                    "rate_limit_floor_seconds": result.rateLimitFloorSeconds,
                    "worker_cpu_seconds": result.workerCPUSeconds,
                    "peak_memory_mb": Double(result.peakRSSBytes) / 1_048_576,
                ],
                targets: [
                    .init(
                        name: "requests per changed conversation",
                        value: result.requestsPerChange,
                        target: 1.05,
                        atLeast: false,
                        unit: ""
                    ),
                    // Bounded by the rate limit: not by a scan of the 100,000 or by CPU.
                    .init(
                        name: "wall time over the rate limit's least time for its requests",
                        value: result.wallSeconds / max(result.rateLimitFloorSeconds, 10),
                        target: 1.5,
                        atLeast: false,
                        unit: "×"
                    ),
                ],
                problems: result.verification.problems
            )
        }
        if let large = largeRun {
            if keepData {
                say("kept \(large.directory.appendingPathComponent("ingest.sqlite").path) \(large.databaseURL)\n")
            } else {
                try? FileManager.default.removeItem(at: large.directory)
                if let postgres, let name = large.databaseURL.split(separator: "/").last {
                    await postgres.dropDatabase(String(name))
                }
            }
        }

        if chosen.contains(.tenants) {
            let result = try await TenantsRun(
                label: "20 tenants, 200 requests per 10 s each, 100 ms latency, one worker --concurrency 20",
                tenants: 20,
                conversationsPerTenant: scaled(1_200),
                concurrency: 20
            ).run(executable: executable)
            report.show(result)
            var figures: [String: Double] = [
                "conversations": Double(result.conversations),
                "requests": Double(result.requests),
                "wall_seconds": result.wallSeconds,
                "worker_cpu_seconds": result.workerCPUSeconds,
                "fake_cpu_seconds": result.fakeCPUSeconds,
                "peak_memory_mb": Double(result.peakRSSBytes) / 1_048_576,
                "http_429": Double(result.rateLimited),
            ]
            for (tenant, share) in result.shares { figures["share_" + tenant] = share }
            report.add(
                scenario: "tenants",
                figures: figures,
                targets: [
                    .init(
                        name: "mean share of each tenant's own limit",
                        value: result.meanShare,
                        target: 0.95,
                        atLeast: true,
                        unit: "share"
                    ),
                    .init(
                        name: "lowest tenant's share (fairness)",
                        value: result.lowestShare,
                        target: 0.90,
                        atLeast: true,
                        unit: "share"
                    ),
                    .init(
                        name: "peak memory of the worker",
                        value: Double(result.peakRSSBytes) / 1_048_576,
                        target: 300,
                        atLeast: false,
                        unit: "MB"
                    ),
                ],
                problems: result.problems
            )
        }
    }

    func scaled(_ count: Int) -> Int { max(1, Int((Double(count) * scale).rounded())) }
}
