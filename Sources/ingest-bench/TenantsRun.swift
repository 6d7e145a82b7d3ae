import FakeIntercom
import Foundation

/// Many tenants per worker: `tenants` workspaces, each with its own token and its own rate limit,
/// backfilled at once by one `ingest worker --concurrency N` process. The fake counts each tenant's
/// admitted requests per window, so every tenant's share of its own limit is measured on its own.
struct TenantsRun: Sendable {
    var label: String
    var tenants: Int
    var conversationsPerTenant: Int
    var latency: Duration = .milliseconds(100)
    var rateLimitPerWindow = 200
    var concurrency: Int

    struct Result: Sendable {
        var label: String
        var tenants: Int
        var conversations: Int
        var requests: Int
        var wallSeconds: Double
        /// Per tenant: admitted requests per whole window (its first and last, partly used, left out)
        /// over the limit; nil when a tenant ran less than three windows.
        var shares: [String: Double]
        var workerCPUSeconds: Double
        var fakeCPUSeconds: Double
        var peakRSSBytes: Int
        var rateLimited: Int
        var problems: [String]

        var lowestShare: Double { shares.values.min() ?? 0 }
        var meanShare: Double { shares.isEmpty ? 0 : shares.values.reduce(0, +) / Double(shares.count) }
    }

    func tenantID(_ number: Int) -> String { String(format: "tenant%02d", number) }

    func spec(_ number: Int) -> WorkspaceSpec {
        WorkspaceSpec(
            seed: 700 + UInt64(number),
            conversationCount: conversationsPerTenant,
            appID: "bench\(number)",
            text: .realWorld
        )
    }

    func run(executable: String) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ingest-bench-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokens = (1...tenants).map { _ in "bench_\(UUID().uuidString)" }
        var workspaces: [String: WorkspaceSpec] = [:]
        for (offset, token) in tokens.enumerated() { workspaces[token] = spec(offset + 1) }
        let configuration = FakeIntercomConfiguration(
            workspaces: workspaces,
            rateLimitPerWindow: rateLimitPerWindow,
            latency: latency
        )
        return try await FakeIntercomServer.withRunning(configuration) { server in
            let ingest = BenchIngest(
                executable: executable,
                directory: directory,
                variables: ["INTERCOM_BASE_URL": server.baseURL.absoluteString]
            )
            for (offset, token) in tokens.enumerated() {
                let tenant = tenantID(offset + 1)
                try await ingest(
                    ["secrets", "set", "--tenant-id", tenant, "--name", "intercom_access_token"],
                    input: token
                )
                try await ingest(
                    ["backfill", "--tenant-id", tenant, "--connector", "intercom", "--config", #"{"per_page":150}"#]
                )
            }
            let now = Date().timeIntervalSince1970
            try await Task.sleep(for: .seconds((now / 10).rounded(.up) * 10 - now))
            server.resetStats()
            let fakeCPUBefore = ChildProcess.ownCPUSeconds()
            let worker = try await ingest(["worker", "--until-empty", "--concurrency", "\(concurrency)"])
            let fakeCPU = ChildProcess.ownCPUSeconds() - fakeCPUBefore
            let stats = server.stats
            var shares: [String: Double] = [:]
            var problems: [String] = []
            for (offset, token) in tokens.enumerated() {
                let tenant = tenantID(offset + 1)
                let windows = (stats.admittedPerWindow[token] ?? [:]).sorted { $0.key < $1.key }
                if windows.count >= 3 {
                    let whole = windows.dropFirst().dropLast()
                    shares[tenant] =
                        Double(whole.map(\.value).reduce(0, +)) / Double(whole.count * rateLimitPerWindow)
                } else {
                    problems.append("\(tenant) ran in \(windows.count) windows, too few to measure its share")
                }
                let outcome = try await Verification.check(
                    store: .sqlite(path: ingest.databasePath),
                    tenant: tenant,
                    workspace: Workspace(spec: spec(offset + 1)),
                    conversations: conversationsPerTenant
                )
                problems += outcome.problems.map { "\(tenant): \($0)" }
            }
            return Result(
                label: label,
                tenants: tenants,
                conversations: tenants * conversationsPerTenant,
                requests: stats.total,
                wallSeconds: Double(worker.wall.components.seconds) + Double(worker.wall.components.attoseconds) / 1e18,
                shares: shares,
                workerCPUSeconds: worker.cpuSeconds,
                fakeCPUSeconds: fakeCPU,
                peakRSSBytes: worker.peakRSSBytes,
                rateLimited: stats.rateLimited,
                problems: problems
            )
        }
    }
}
