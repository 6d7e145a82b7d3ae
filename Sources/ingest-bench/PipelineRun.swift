import FakeIntercom
import Foundation
import PostgresNIO

/// One run of the real pipeline: `ingest secrets set`, `ingest backfill`, then `ingest worker
/// --until-empty` against a FakeIntercom workspace, on the embedded defaults (SQLite for the queue,
/// artifacts and search index; a secrets file).
struct PipelineRun: Sendable {
    var label: String
    var spec: WorkspaceSpec
    var latency: Duration = .zero
    var rateLimitPerWindow: Int?
    /// `INTERCOM_FETCH_CONCURRENCY` of the worker; 1 is the guide's sequential design.
    var fetchConcurrency: Int?
    var maxConversations: Int?
    /// Keep the database directory (for the search benchmark).
    var keepDirectory = false
    /// Store in a database of its own on this server instead of the embedded SQLite file.
    var postgres: PostgresServer?
    /// Pin the worker (every thread of it) to this CPU, as the issue's outside measurement did.
    var workerCore: Int?
    /// The fake renders every conversation's body before the worker starts (the CPU-bound runs: the
    /// fake's own work is then mostly HTTP, closer to an API that runs on other machines).
    var prerendersConversations = false

    struct Result: Sendable {
        var label: String
        var conversations: Int
        var wallSeconds: Double
        var requests: Int
        var rateLimited: Int
        var requestsIntoRefusedWindow: Int
        var rateLimitPerWindow: Int?
        var peakRSSBytes: Int
        var workerCPUSeconds: Double
        var workerContextSwitches: Int
        var fakeCPUSeconds: Double
        var verification: Verification.Outcome
        var directory: URL
        /// The database after the run, bytes: the SQLite file with its WAL, or PostgreSQL's
        /// `pg_database_size`.
        var databaseBytes: Int
        /// Where those bytes went, per conversation (SQLite).
        var disk: DiskBreakdown?
        /// `INGEST_DATABASE_URL` of the run.
        var databaseURL: String
        /// The PostgreSQL server's CPU time during the worker's run (PostgreSQL runs only).
        var databaseCPUSeconds: Double?
        /// The workspace's access token (a later run against the same workspace uses it).
        var token: String
        var spec: WorkspaceSpec

        var conversationsPerSecond: Double { Double(conversations) / wallSeconds }
        var requestsPerSecond: Double { Double(requests) / wallSeconds }
        /// Requests per second over what the server allows per second; nil when unlimited.
        var rateLimitShare: Double? {
            rateLimitPerWindow.map { requestsPerSecond / (Double($0) / 10) }
        }
        var rateLimitedShare: Double { requests == 0 ? 0 : Double(rateLimited) / Double(requests) }
        /// Worker CPU time (user + system) per conversation, milliseconds.
        var workerCPUMillisecondsPerConversation: Double {
            workerCPUSeconds * 1_000 / Double(max(conversations, 1))
        }
        /// The worker's context switches per conversation.
        var workerContextSwitchesPerConversation: Double {
            Double(workerContextSwitches) / Double(max(conversations, 1))
        }
        /// Database CPU time per conversation, milliseconds (PostgreSQL runs only).
        var databaseCPUMillisecondsPerConversation: Double? {
            databaseCPUSeconds.map { $0 * 1_000 / Double(max(conversations, 1)) }
        }
        /// Database bytes per conversation stored.
        var databaseBytesPerConversation: Double { Double(databaseBytes) / Double(max(conversations, 1)) }
    }

    func run(executable: String) async throws -> Result {
        let token = "bench_\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ingest-bench-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = FakeIntercomConfiguration(
            workspaces: [token: spec],
            rateLimitPerWindow: rateLimitPerWindow,
            latency: latency,
            prerendersConversations: prerendersConversations
        )
        let databaseName = "bench_" + UUID().uuidString.prefix(8).lowercased()
        let postgresURL = try await postgres?.createDatabase(databaseName)
        return try await FakeIntercomServer.withRunning(configuration) { server in
            var variables = ["INTERCOM_BASE_URL": server.baseURL.absoluteString]
            if let postgresURL { variables["INGEST_DATABASE_URL"] = postgresURL }
            if let fetchConcurrency { variables["INTERCOM_FETCH_CONCURRENCY"] = "\(fetchConcurrency)" }
            let ingest = BenchIngest(
                executable: executable,
                directory: directory,
                variables: variables,
                workerCore: workerCore
            )
            _ = try await ingest(
                ["secrets", "set", "--tenant-id", "bench", "--name", "intercom_access_token"],
                input: token
            )
            var config = #"{"per_page":150"#
            if let maxConversations { config += #","max_conversations":\#(maxConversations)"# }
            config += "}"
            _ = try await ingest(["backfill", "--tenant-id", "bench", "--connector", "intercom", "--config", config])
            if rateLimitPerWindow != nil {
                // Start at the beginning of one of the server's 10-second windows, so that the share of
                // the limit used is not flattered by a first window that is partly over.
                let now = Date().timeIntervalSince1970
                let next = (now / 10).rounded(.up) * 10
                try await Task.sleep(for: .seconds(next - now))
            }
            server.resetStats()
            let fakeCPUBefore = ChildProcess.ownCPUSeconds()
            let databaseCPUBefore = postgres?.cpuSeconds()
            let worker = try await ingest(["worker", "--until-empty"])
            let fakeCPU = ChildProcess.ownCPUSeconds() - fakeCPUBefore
            let databaseCPU = await Self.databaseCPU(of: postgres, since: databaseCPUBefore)
            let stats = server.stats
            let expected = min(maxConversations ?? spec.conversationCount, spec.conversationCount)
            let store: Verification.Store =
                postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: ingest.databasePath)
            let verification = try await Verification.check(
                store: store,
                tenant: "bench",
                workspace: Workspace(spec: spec),
                conversations: expected
            )
            let databaseBytes: Int
            let disk: DiskBreakdown?
            if let postgresURL {
                databaseBytes = try await PostgresServer.withClient(url: postgresURL) { client in
                    try await client.query("SELECT pg_database_size(current_database())").collect().first?
                        .decode(Int.self) ?? 0
                }
                disk = nil
            } else {
                databaseBytes = [ingest.databasePath, ingest.databasePath + "-wal"].reduce(0) { total, path in
                    total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
                }
                disk = await DiskBreakdown.measure(databasePath: ingest.databasePath, items: expected)
            }
            if !keepDirectory {
                try? FileManager.default.removeItem(at: directory)
                await postgres?.dropDatabase(databaseName)
            }
            return Result(
                label: label,
                conversations: expected,
                wallSeconds: Double(worker.wall.components.seconds) + Double(worker.wall.components.attoseconds) / 1e18,
                requests: stats.total,
                rateLimited: stats.rateLimited,
                requestsIntoRefusedWindow: stats.requestsIntoRefusedWindow,
                rateLimitPerWindow: rateLimitPerWindow,
                peakRSSBytes: worker.peakRSSBytes,
                workerCPUSeconds: worker.cpuSeconds,
                workerContextSwitches: worker.contextSwitches,
                fakeCPUSeconds: fakeCPU,
                verification: verification,
                directory: directory,
                databaseBytes: databaseBytes,
                disk: disk,
                databaseURL: ingest.environment["INGEST_DATABASE_URL"] ?? "",
                databaseCPUSeconds: databaseCPU,
                token: token,
                spec: spec
            )
        }
    }

    /// The server's CPU time since `before`, once the worker's connections have closed (their backends
    /// exit a moment after the worker does, and their time moves to the postmaster's reaped children).
    static func databaseCPU(of postgres: PostgresServer?, since before: Double?) async -> Double? {
        guard let postgres, let before else { return nil }
        try? await Task.sleep(for: .milliseconds(500))
        return postgres.cpuSeconds().map { $0 - before }
    }
}
