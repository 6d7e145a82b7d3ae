import FakeIntercom
import Foundation

/// `ingest sync` after a small share of a backfilled workspace changed: the workspace of an earlier
/// ``PipelineRun`` (kept), served again with a rate limit and latency, some conversations touched (a
/// new part, a later `updated_at`) and some deleted; then one sync job and a worker run until the
/// queue is empty. What it costs is counted by the fake: requests per changed conversation.
struct IncrementalRun: Sendable {
    var label: String
    /// The backfill whose database and workspace the sync continues.
    var base: PipelineRun.Result
    var touched: Int
    var deleted: Int
    var latency: Duration = .milliseconds(100)
    /// Low enough that the sync's requests need several windows: the limit, not the 100,000 stored
    /// conversations or the CPU, should be what its wall time is made of.
    var rateLimitPerWindow = 250

    struct Result: Sendable {
        var label: String
        var changed: Int
        var requests: Int
        var wallSeconds: Double
        /// The least time the rate limit allows for `requests`, starting at a window's start: every
        /// window but the last is waited out (fixed 10-second windows).
        var rateLimitFloorSeconds: Double
        var workerCPUSeconds: Double
        var peakRSSBytes: Int
        var rateLimited: Int
        var verification: Verification.Outcome

        var requestsPerChange: Double { Double(requests) / Double(max(changed, 1)) }
    }

    func run(executable: String) async throws -> Result {
        let spec = base.spec
        // Distinct conversations from a fixed seed: the same changes on every run.
        var random = SplitMix64(seed: 505)
        var chosen: [Int] = []
        var seen = Set<Int>()
        while chosen.count < min(touched + deleted, spec.conversationCount) {
            let index = Int(random.next() % UInt64(spec.conversationCount))
            if seen.insert(index).inserted { chosen.append(index) }
        }
        let ids = chosen.map { String(spec.firstConversationID + $0) }
        let touchedIDs = Array(ids.prefix(touched))
        let deletedIDs = Array(ids.dropFirst(touched))
        let configuration = FakeIntercomConfiguration(
            workspaces: [base.token: spec],
            rateLimitPerWindow: rateLimitPerWindow,
            latency: latency
        )
        return try await FakeIntercomServer.withRunning(configuration) { server in
            let done = server.touch(token: base.token, ids: touchedIDs)
            let gone = server.delete(token: base.token, ids: deletedIDs)
            guard done.count == touchedIDs.count, gone.count == deletedIDs.count else {
                throw ChildProcessError(description: "the fake changed \(done.count + gone.count) of \(ids.count)")
            }
            let ingest = BenchIngest(
                executable: executable,
                directory: base.directory,
                variables: [
                    "INTERCOM_BASE_URL": server.baseURL.absoluteString,
                    "INGEST_DATABASE_URL": base.databaseURL,
                ]
            )
            _ = try await ingest(["sync", "--tenant-id", "bench", "--connector", "intercom"])
            let now = Date().timeIntervalSince1970
            try await Task.sleep(for: .seconds((now / 10).rounded(.up) * 10 - now))
            server.resetStats()
            let worker = try await ingest(["worker", "--until-empty"])
            let stats = server.stats
            let store: Verification.Store =
                base.databaseURL.hasPrefix("sqlite:")
                ? .sqlite(path: ingest.databasePath) : .postgres(url: base.databaseURL)
            let verification = try await Verification.check(
                store: store,
                tenant: "bench",
                workspace: Workspace(spec: spec),
                conversations: spec.conversationCount - deletedIDs.count,
                touched: Set(touchedIDs),
                deleted: Set(deletedIDs)
            )
            return Result(
                label: label,
                changed: ids.count,
                requests: stats.total,
                wallSeconds: Double(worker.wall.components.seconds) + Double(worker.wall.components.attoseconds) / 1e18,
                rateLimitFloorSeconds: Double((stats.total + rateLimitPerWindow - 1) / rateLimitPerWindow - 1) * 10,
                workerCPUSeconds: worker.cpuSeconds,
                peakRSSBytes: worker.peakRSSBytes,
                rateLimited: stats.rateLimited,
                verification: verification
            )
        }
    }
}
