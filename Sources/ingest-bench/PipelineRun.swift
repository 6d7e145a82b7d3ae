import FakeIntercom
import Foundation

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
        var fakeCPUSeconds: Double
        var verification: Verification.Outcome
        var directory: URL
        /// The SQLite database after the run (with its WAL, if any), bytes.
        var databaseBytes: Int
        /// Where those bytes went, per conversation.
        var disk: DiskBreakdown?

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
            latency: latency
        )
        return try await FakeIntercomServer.withRunning(configuration) { server in
            var variables = ["INTERCOM_BASE_URL": server.baseURL.absoluteString]
            if let fetchConcurrency { variables["INTERCOM_FETCH_CONCURRENCY"] = "\(fetchConcurrency)" }
            let ingest = BenchIngest(executable: executable, directory: directory, variables: variables)
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
            let worker = try await ingest(["worker", "--until-empty"])
            let fakeCPU = ChildProcess.ownCPUSeconds() - fakeCPUBefore
            let stats = server.stats
            let expected = min(maxConversations ?? spec.conversationCount, spec.conversationCount)
            let verification = try await Verification.check(
                databasePath: ingest.databasePath,
                tenant: "bench",
                workspace: Workspace(spec: spec),
                conversations: expected
            )
            let databaseBytes = [ingest.databasePath, ingest.databasePath + "-wal"].reduce(0) { total, path in
                total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            }
            let disk = await DiskBreakdown.measure(databasePath: ingest.databasePath, items: expected)
            if !keepDirectory { try? FileManager.default.removeItem(at: directory) }
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
                fakeCPUSeconds: fakeCPU,
                verification: verification,
                directory: directory,
                databaseBytes: databaseBytes,
                disk: disk
            )
        }
    }
}
