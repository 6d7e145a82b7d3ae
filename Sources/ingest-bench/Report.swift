import Foundation

/// What the benchmark measured: printed as it goes, summarised against the targets, and written as JSON.
struct Report {
    struct Machine: Codable {
        var cores: Int
        var memoryGiB: Double
        var cpu: String
        var system: String

        static func current() -> Machine {
            let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
                .map {
                    $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                }
            let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
            let pretty = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
                .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            return Machine(
                cores: ProcessInfo.processInfo.activeProcessorCount,
                memoryGiB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
                cpu: model ?? "unknown",
                system: pretty ?? "Linux"
            )
        }

        var summary: String { "\(cores) cores (\(cpu)), \(memoryGiB) GiB, \(system)" }
    }

    struct Target: Codable {
        var name: String
        var value: Double
        var target: Double
        var atLeast: Bool
        var unit: String
        var met: Bool { atLeast ? value >= target : value < target }
    }

    struct Run: Codable {
        var label: String
        var conversations: Int
        var wallSeconds: Double
        var conversationsPerSecond: Double
        var requests: Int
        var requestsPerSecond: Double
        var rateLimitPerWindow: Int?
        var rateLimitShare: Double?
        var http429: Int
        var requestsIntoRefusedWindow: Int
        var peakMemoryMB: Double
        var workerCPUSeconds: Double
        var workerCPUMillisecondsPerConversation: Double
        /// The worker's context switches per conversation (`ru_nvcsw + ru_nivcsw`).
        var workerContextSwitchesPerConversation: Double
        var fakeIntercomCPUSeconds: Double
        var databaseBytesPerConversation: Double
        /// PostgreSQL's CPU time per conversation during the run, ms (PostgreSQL runs only).
        var databaseCPUMillisecondsPerConversation: Double?
        var disk: DiskBreakdown?
        var storedConversations: Int
        var storedParts: Int
        var expectedParts: Int
        var indexed: Int
        var verified: Bool
        var problems: [String]

        init(_ result: PipelineRun.Result) {
            label = result.label
            conversations = result.conversations
            wallSeconds = result.wallSeconds
            conversationsPerSecond = result.conversationsPerSecond
            requests = result.requests
            requestsPerSecond = result.requestsPerSecond
            rateLimitPerWindow = result.rateLimitPerWindow
            rateLimitShare = result.rateLimitShare
            http429 = result.rateLimited
            requestsIntoRefusedWindow = result.requestsIntoRefusedWindow
            peakMemoryMB = Double(result.peakRSSBytes) / 1_048_576
            workerCPUSeconds = result.workerCPUSeconds
            workerCPUMillisecondsPerConversation = result.workerCPUMillisecondsPerConversation
            workerContextSwitchesPerConversation = result.workerContextSwitchesPerConversation
            fakeIntercomCPUSeconds = result.fakeCPUSeconds
            databaseBytesPerConversation = result.databaseBytesPerConversation
            databaseCPUMillisecondsPerConversation = result.databaseCPUMillisecondsPerConversation
            disk = result.disk
            storedConversations = result.verification.artifacts
            storedParts = result.verification.parts
            expectedParts = result.verification.expectedParts
            indexed = result.verification.indexed
            verified = result.verification.passed
            problems = result.verification.problems
        }
    }

    struct Scenario: Codable {
        var name: String
        var runs: [Run]
        var targets: [Target]
        /// Conversations per second of the concurrent design over the sequential one.
        var speedupOverSequential: Double?
        /// Figures of a scenario that are not runs of their own (requests per change, per-tenant shares).
        var figures: [String: Double] = [:]
        /// What a scenario's own verification found wrong (empty: verified).
        var problems: [String] = []
    }

    struct Search: Codable {
        var backend: String
        var documents: Int
        var queries: Int
        var rounds: Int
        var medianMilliseconds: Double
        var p95Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var medianMillisecondsByKind: [String: Double]
        var phrasesFoundFirst: Int
        var phraseQueries: Int
        var targets: [Target]
    }

    /// A run against FakeZendesk.
    struct ZendeskRunReport: Codable {
        var label: String
        var tickets: Int
        var comments: Int
        var wallSeconds: Double
        var ticketsPerSecond: Double
        var requests: Int
        var planLimitPerMinute: Int?
        var fullWindowRequests: [Int]
        var sustainedShareOfPlanLimit: Double?
        var http429: Int
        var requestsBeforeRetryAfter: Int
        var maxExportRequestsPerMinute: Int
        var peakMemoryMB: Double
        var workerCPUSeconds: Double
        var workerCPUMillisecondsPerTicket: Double
        var fakeZendeskCPUSeconds: Double
        var storedTickets: Int
        var storedComments: Int
        var indexed: Int
        var verified: Bool
        var problems: [String]

        init(_ result: ZendeskRun.Result) {
            label = result.label
            tickets = result.tickets
            comments = result.comments
            wallSeconds = result.wallSeconds
            ticketsPerSecond = result.ticketsPerSecond
            requests = result.requests
            planLimitPerMinute = result.planLimitPerMinute
            fullWindowRequests = result.fullWindowRequests
            sustainedShareOfPlanLimit = result.sustainedShare
            http429 = result.rateLimited
            requestsBeforeRetryAfter = result.requestsBeforeRetryAfter
            maxExportRequestsPerMinute = result.maxExportRequestsPerMinute
            peakMemoryMB = Double(result.peakRSSBytes) / 1_048_576
            workerCPUSeconds = result.workerCPUSeconds
            workerCPUMillisecondsPerTicket = result.workerCPUMillisecondsPerTicket
            fakeZendeskCPUSeconds = result.fakeCPUSeconds
            storedTickets = result.verification.artifacts
            storedComments = result.verification.comments
            indexed = result.verification.indexed
            verified = result.verification.passed
            problems = result.verification.problems
        }
    }

    struct ZendeskScenario: Codable {
        var runs: [ZendeskRunReport]
        var targets: [Target]
    }

    struct Document: Codable {
        var machine: Machine
        var scale: Double
        var date: String
        var scenarios: [Scenario]
        var zendesk: ZendeskScenario?
        var search: Search?
        var allTargetsMet: Bool
        var allRunsVerified: Bool
    }

    var machine: Machine
    var scale: Double
    var scenarios: [Scenario] = []
    var zendesk: ZendeskScenario?
    var search: Search?

    init(machine: Machine, scale: Double) {
        self.machine = machine
        self.scale = scale
    }

    var allVerified: Bool {
        scenarios.allSatisfy { $0.runs.allSatisfy(\.verified) && $0.problems.isEmpty }
            && (zendesk?.runs.allSatisfy(\.verified) ?? true)
            && (search.map { $0.phrasesFoundFirst == $0.phraseQueries } ?? true)
    }

    var allPassed: Bool {
        allVerified && scenarios.allSatisfy { $0.targets.allSatisfy(\.met) }
            && (zendesk?.targets.allSatisfy(\.met) ?? true)
            && (search?.targets.allSatisfy(\.met) ?? true)
    }

    mutating func add(scenario: String, runs: [PipelineRun.Result], targets: [Target], speedup: Double?) {
        scenarios.append(
            Scenario(name: scenario, runs: runs.map(Run.init), targets: targets, speedupOverSequential: speedup)
        )
    }

    /// A scenario measured in figures rather than runs (its runs, if any, are shown and added separately).
    mutating func add(
        scenario: String,
        figures: [String: Double],
        targets: [Target],
        problems: [String],
        runs: [PipelineRun.Result] = []
    ) {
        scenarios.append(
            Scenario(
                name: scenario,
                runs: runs.map(Run.init),
                targets: targets,
                speedupOverSequential: nil,
                figures: figures,
                problems: problems
            )
        )
    }

    mutating func addZendesk(runs: [ZendeskRun.Result], targets: [Target]) {
        zendesk = ZendeskScenario(runs: runs.map(ZendeskRunReport.init), targets: targets)
    }

    func show(_ result: ZendeskRun.Result) {
        let run = ZendeskRunReport(result)
        var lines = [
            "\(run.label): \(run.tickets) tickets, \(run.comments) comments",
            "  wall \(Self.format(run.wallSeconds)) s, \(Self.format(run.ticketsPerSecond)) tickets/s, \(run.requests) requests",
        ]
        if let limit = run.planLimitPerMinute {
            let share = run.sustainedShareOfPlanLimit.map(Self.percent) ?? "n/a (no whole window)"
            lines.append(
                "  plan limit \(limit)/min: \(share) used in whole windows \(run.fullWindowRequests), "
                    + "\(run.http429) answered 429 (\(Self.percent(result.rateLimitedShare))), "
                    + "\(run.requestsBeforeRetryAfter) sent before a Retry-After had passed"
            )
        } else {
            lines.append("  no plan limit, \(run.http429) answered 429")
        }
        lines.append("  export requests in any minute: at most \(run.maxExportRequestsPerMinute)")
        lines.append(
            "  peak memory \(Self.format(run.peakMemoryMB)) MB; CPU: worker \(Self.format(run.workerCPUSeconds)) s "
                + "(\(Self.format(run.workerCPUMillisecondsPerTicket)) ms per ticket), fake Zendesk \(Self.format(run.fakeZendeskCPUSeconds)) s"
        )
        lines.append(
            "  verified: \(run.storedTickets) stored, \(run.storedComments) comments, \(run.indexed) indexed — "
                + (run.verified ? "OK" : "FAILED: \(run.problems.prefix(5).joined(separator: "; "))")
        )
        say(lines.joined(separator: "\n") + "\n")
    }

    mutating func addSearch(
        _ result: SearchBenchmark.Result,
        backend: String,
        medianTarget: Double,
        p99Target: Double
    ) {
        search = Search(
            backend: backend,
            documents: result.documents,
            queries: result.queries,
            rounds: result.rounds,
            medianMilliseconds: result.medianMilliseconds,
            p95Milliseconds: result.p95Milliseconds,
            p99Milliseconds: result.p99Milliseconds,
            maxMilliseconds: result.maxMilliseconds,
            medianMillisecondsByKind: result.medianByKind,
            phrasesFoundFirst: result.phrasesFoundFirst,
            phraseQueries: result.phraseQueries,
            targets: [
                Target(
                    name: "median query time",
                    value: result.medianMilliseconds,
                    target: medianTarget,
                    atLeast: false,
                    unit: "ms"
                ),
                Target(
                    name: "99th percentile query time",
                    value: result.p99Milliseconds,
                    target: p99Target,
                    atLeast: false,
                    unit: "ms"
                ),
            ]
        )
    }

    func show(_ result: PipelineRun.Result) {
        let run = Run(result)
        var lines = [
            "\(run.label): \(run.conversations) conversations",
            "  wall \(Self.format(run.wallSeconds)) s, \(Self.format(run.conversationsPerSecond)) conversations/s, "
                + "\(run.requests) requests (\(Self.format(run.requestsPerSecond))/s)",
        ]
        if let share = run.rateLimitShare, let limit = run.rateLimitPerWindow {
            lines.append(
                "  rate limit \(limit) per 10 s: \(Self.percent(share)) used, \(run.http429) answered 429 "
                    + "(\(Self.percent(result.rateLimitedShare))), \(run.requestsIntoRefusedWindow) sent into a refused window"
            )
        } else {
            lines.append("  no rate limit, \(run.http429) answered 429")
        }
        lines.append(
            "  peak memory \(Self.format(run.peakMemoryMB)) MB; CPU: worker \(Self.format(run.workerCPUSeconds)) s "
                + "(\(Self.format(run.workerCPUMillisecondsPerConversation)) ms, "
                + "\(Self.format(run.workerContextSwitchesPerConversation)) context switches per conversation), "
                + "fake Intercom \(Self.format(run.fakeIntercomCPUSeconds)) s; "
                + "database \(Self.format(run.databaseBytesPerConversation / 1_024)) KB per conversation"
                + (run.databaseCPUMillisecondsPerConversation.map {
                    ", PostgreSQL CPU \(Self.format($0)) ms per conversation"
                } ?? "")
        )
        if let disk = run.disk { lines.append("  per conversation: " + disk.summary) }
        lines.append(
            "  verified: \(run.storedConversations) stored, \(run.storedParts)/\(run.expectedParts) parts, "
                + "\(run.indexed) indexed — "
                + (run.verified ? "OK" : "FAILED: \(run.problems.prefix(5).joined(separator: "; "))")
        )
        say(lines.joined(separator: "\n") + "\n")
    }

    func show(_ result: IncrementalRun.Result) {
        let verification = result.verification
        say(
            """
            \(result.label): \(result.changed) conversations changed
              \(result.requests) requests (\(Self.format(result.requestsPerChange)) per change), \
            \(result.rateLimited) answered 429; wall \(Self.format(result.wallSeconds)) s, \
            the rate limit's least \(Self.format(result.rateLimitFloorSeconds)) s
              peak memory \(Self.format(Double(result.peakRSSBytes) / 1_048_576)) MB; \
            worker CPU \(Self.format(result.workerCPUSeconds)) s
              verified: \(verification.artifacts) stored, \(verification.parts)/\(verification.expectedParts) parts, \
            \(verification.indexed) indexed — \
            \(verification.passed ? "OK" : "FAILED: \(verification.problems.prefix(5).joined(separator: "; "))")

            """
        )
    }

    func show(_ result: TenantsRun.Result) {
        let shares = result.shares.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.percent($0.value))" }
        let verified =
            result.problems.isEmpty
            ? "every tenant stored exactly its workspace — OK"
            : "FAILED: \(result.problems.prefix(5).joined(separator: "; "))"
        say(
            """
            \(result.label): \(result.tenants) tenants, \(result.conversations) conversations
              wall \(Self.format(result.wallSeconds)) s, \(result.requests) requests, \(result.rateLimited) answered 429
              share of each tenant's own limit in whole windows: mean \(Self.percent(result.meanShare)), \
            lowest \(Self.percent(result.lowestShare))
              \(shares.joined(separator: ", "))
              peak memory \(Self.format(Double(result.peakRSSBytes) / 1_048_576)) MB; \
            CPU: worker \(Self.format(result.workerCPUSeconds)) s, fake Intercom \(Self.format(result.fakeCPUSeconds)) s
              verified: \(verified)

            """
        )
    }

    func show(_ result: SearchBenchmark.Result) {
        let kinds = result.medianByKind.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.format($0.value)) ms" }
        say(
            """
            search over \(result.documents) conversations: \(result.queries) queries × \(result.rounds) rounds
              median \(Self.format(result.medianMilliseconds)) ms, p95 \(Self.format(result.p95Milliseconds)) ms, p99 \(Self.format(result.p99Milliseconds)) ms, \
            max \(Self.format(result.maxMilliseconds)) ms (medians: \(kinds.joined(separator: ", ")))
              \(result.phrasesFoundFirst) of \(result.phraseQueries) unique phrases found their conversation first

            """
        )
    }

    var summary: String {
        var lines = ["summary (scale \(scale)):"]
        for scenario in scenarios {
            for target in scenario.targets {
                lines.append("  \(target.met ? "MET " : "MISS") \(scenario.name): \(Self.describe(target))")
            }
            if let speedup = scenario.speedupOverSequential {
                lines.append(
                    "       \(scenario.name): \(Self.format(speedup))× the conversations/s of the sequential design"
                )
            }
        }
        if let zendesk {
            for target in zendesk.targets {
                lines.append("  \(target.met ? "MET " : "MISS") zendesk: \(Self.describe(target))")
            }
        }
        if let search {
            for target in search.targets {
                lines.append("  \(target.met ? "MET " : "MISS") search (\(search.backend)): \(Self.describe(target))")
            }
        }
        lines.append(
            allVerified
                ? "  every run stored exactly the workspace or account (conversations and parts, tickets and comments)"
                : "  VERIFICATION FAILED"
        )
        return lines.joined(separator: "\n")
    }

    func write(to url: URL) throws {
        let formatter = ISO8601DateFormatter()
        let document = Document(
            machine: machine,
            scale: scale,
            date: formatter.string(from: Date()),
            scenarios: scenarios,
            zendesk: zendesk,
            search: search,
            allTargetsMet: allPassed,
            allRunsVerified: allVerified
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        try encoder.encode(document).write(to: url)
    }

    static func describe(_ target: Target) -> String {
        let value =
            target.unit == "share"
            ? percent(target.value) : "\(format(target.value))\(target.unit.isEmpty ? "" : " \(target.unit)")"
        let goal =
            target.unit == "share"
            ? percent(target.target) : "\(format(target.target))\(target.unit.isEmpty ? "" : " \(target.unit)")"
        return "\(target.name) \(value) (target \(target.atLeast ? "≥" : "<") \(goal))"
    }

    static func format(_ value: Double) -> String {
        if value >= 100 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.2f", value)
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
