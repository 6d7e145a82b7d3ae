import FakeZendesk
import Foundation
import GRDB
import Synchronization

/// One run of the real pipeline against a FakeZendesk account: `ingest secrets set`, `ingest backfill
/// --connector zendesk`, then `ingest worker --until-empty`, on the embedded defaults.
struct ZendeskRun: Sendable {
    var label: String
    var spec: ZendeskAccountSpec
    var latency: Duration = .zero
    /// The account's plan limit per 60-second window; nil = unlimited.
    var planLimitPerMinute: Int?
    /// `ZENDESK_FETCH_CONCURRENCY` of the worker (default: the connector's).
    var fetchConcurrency: Int?

    struct Result: Sendable {
        var label: String
        var tickets: Int
        var comments: Int
        var wallSeconds: Double
        var requests: Int
        var rateLimited: Int
        var requestsBeforeRetryAfter: Int
        var maxExportRequestsPerMinute: Int
        var planLimitPerMinute: Int?
        /// Requests answered (not 429) in each plan window that lay wholly inside the run.
        var fullWindowRequests: [Int]
        var peakRSSBytes: Int
        var workerCPUSeconds: Double
        var fakeCPUSeconds: Double
        var verification: ZendeskVerification.Outcome

        var ticketsPerSecond: Double { Double(tickets) / wallSeconds }
        /// The plan limit used in the run's whole windows; nil when unlimited or no window was whole.
        var sustainedShare: Double? {
            guard let limit = planLimitPerMinute, !fullWindowRequests.isEmpty else { return nil }
            return Double(fullWindowRequests.reduce(0, +)) / Double(fullWindowRequests.count * limit)
        }
        var rateLimitedShare: Double { requests == 0 ? 0 : Double(rateLimited) / Double(requests) }
        var workerCPUMillisecondsPerTicket: Double { workerCPUSeconds * 1_000 / Double(max(tickets, 1)) }
    }

    func run(executable: String) async throws -> Result {
        let token = "bench_zd_\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ingest-bench-zd-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = FakeZendeskConfiguration(
            accounts: [token: spec],
            planLimitPerWindow: planLimitPerMinute,
            windowSeconds: 60,
            latency: latency
        )
        return try await FakeZendeskServer.withRunning(configuration) { server in
            var variables = ["ZENDESK_BASE_URL": server.baseURL.absoluteString]
            if let fetchConcurrency { variables["ZENDESK_FETCH_CONCURRENCY"] = "\(fetchConcurrency)" }
            let ingest = BenchIngest(executable: executable, directory: directory, variables: variables)
            _ = try await ingest(
                ["secrets", "set", "--tenant-id", "bench", "--name", "zendesk_access_token"],
                input: token
            )
            _ = try await ingest([
                "backfill", "--tenant-id", "bench", "--connector", "zendesk", "--config",
                #"{"subdomain":"\#(spec.subdomain)"}"#,
            ])
            server.resetStats()
            // The answered requests at each plan-window boundary (the fake's windows are aligned to
            // multiples of 60 s of its clock, which is this process's).
            let samples = Mutex<[Int]>([])
            let sampler = Task {
                while !Task.isCancelled {
                    let now = Date().timeIntervalSince1970
                    let next = (now / 60).rounded(.down) * 60 + 60
                    try await Task.sleep(for: .seconds(next - now + 0.001))
                    let stats = server.stats
                    samples.withLock { $0.append(stats.total - stats.rateLimited) }
                }
            }
            let fakeCPUBefore = ChildProcess.ownCPUSeconds()
            let worker = try await ingest(["worker", "--until-empty"])
            let fakeCPU = ChildProcess.ownCPUSeconds() - fakeCPUBefore
            sampler.cancel()
            let boundaries = samples.withLock { $0 }
            let stats = server.stats
            let live = server.liveTickets(credential: token)
            let verification = try await ZendeskVerification.check(
                databasePath: ingest.databasePath,
                tenant: "bench",
                live: live
            )
            return Result(
                label: label,
                tickets: live.count,
                comments: live.reduce(0) { $0 + $1.comments.count },
                wallSeconds: Double(worker.wall.components.seconds) + Double(worker.wall.components.attoseconds) / 1e18,
                requests: stats.total,
                rateLimited: stats.rateLimited,
                requestsBeforeRetryAfter: stats.requestsBeforeRetryAfter,
                maxExportRequestsPerMinute: stats.maxExportRequestsPerMinute,
                planLimitPerMinute: planLimitPerMinute,
                fullWindowRequests: zip(boundaries, boundaries.dropFirst()).map { $1 - $0 },
                peakRSSBytes: worker.peakRSSBytes,
                workerCPUSeconds: worker.cpuSeconds,
                fakeCPUSeconds: fakeCPU,
                verification: verification
            )
        }
    }
}

/// Correctness at speed for Zendesk: each live ticket of the account stored once, with every comment
/// and every internal note counted, and indexed.
enum ZendeskVerification {
    struct Outcome: Sendable {
        var artifacts: Int
        var expectedArtifacts: Int
        var comments: Int
        var expectedComments: Int
        var indexed: Int
        var problems: [String]

        var passed: Bool { problems.isEmpty }
    }

    static func check(databasePath: String, tenant: String, live: [FakeTicket]) async throws -> Outcome {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
        let rows = try await queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT external_id, CAST(updated_at AS INTEGER) AS version,
                        CAST(json_extract(metadata, '$.comment_count') AS INTEGER) AS comments,
                        CAST(json_extract(metadata, '$.internal_note_count') AS INTEGER) AS notes
                    FROM artifacts WHERE tenant_id = ? AND source = 'zendesk'
                    """,
                arguments: [tenant]
            ).map { row in
                (
                    id: Int64(row["external_id"] as String) ?? -1, version: row["version"] as Int64,
                    comments: row["comments"] as Int, notes: row["notes"] as Int
                )
            }
        }
        let indexed = try await queue.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM artifacts_fts_docsize WHERE id IN
                        (SELECT id FROM artifacts WHERE tenant_id = ? AND source = 'zendesk')
                    """,
                arguments: [tenant]
            ) ?? 0
        }
        let expected = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
        var problems: [String] = []
        var seen = Set<Int64>()
        var comments = 0
        for row in rows {
            guard seen.insert(row.id).inserted else {
                problems.append("ticket \(row.id) is stored more than once")
                continue
            }
            guard let ticket = expected[row.id] else {
                problems.append("ticket \(row.id) is not live in the account")
                continue
            }
            comments += row.comments
            if row.comments != ticket.comments.count {
                problems.append(
                    "ticket \(row.id) has \(row.comments) comments stored, the account \(ticket.comments.count)"
                )
            }
            if row.notes != ticket.comments.filter({ !$0.isPublic }).count {
                problems.append("ticket \(row.id)'s internal notes are miscounted")
            }
            if row.version != ticket.generatedTimestamp { problems.append("ticket \(row.id) is stale") }
            if problems.count > 20 { break }
        }
        if rows.count != live.count { problems.insert("\(rows.count) tickets stored, \(live.count) live", at: 0) }
        if indexed != rows.count { problems.append("\(indexed) of \(rows.count) tickets are in the search index") }
        return Outcome(
            artifacts: rows.count,
            expectedArtifacts: live.count,
            comments: comments,
            expectedComments: live.reduce(0) { $0 + $1.comments.count },
            indexed: indexed,
            problems: problems
        )
    }
}
