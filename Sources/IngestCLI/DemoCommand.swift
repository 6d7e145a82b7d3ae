import ArgumentParser
import FakeIntercom
import Foundation
import IngestCore
import IngestSQLite
import IngestWorker
import IntercomConnector
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline against a built-in sample Intercom workspace, on the embedded defaults.",
        discussion: """
            Starts a fake Intercom on 127.0.0.1, enqueues a backfill for tenant `demo`, runs a worker until \
            the queue is drained, searches the result and exports it as Markdown. Afterwards, try \
            `ingest search --tenant-id demo refund` and `ingest jobs`.
            """
    )

    @Option(help: "Conversations in the sample workspace.")
    var conversations = WorkspaceSpec.sample.conversationCount

    @Option(name: .customLong("tenant-id"), help: "The tenant the sample is stored under.")
    var tenantID = "demo"

    @Option(help: "Jobs' worker concurrency.")
    var concurrency = 1

    @Option(name: .shortAndLong, help: "Where to write the Markdown export.")
    var output = "demo-conversations.md"

    @Option(help: "A word or phrase for the sample search.")
    var query = "refund"

    @OptionGroup var backend: BackendOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...1_000_000).contains(conversations) else {
            throw ValidationError("--conversations must be from 1 to 1000000")
        }
    }

    func run() async throws {
        try logging.bootstrap()
        let tenant = try CLIParsing.tenant(tenantID)
        var spec = WorkspaceSpec.sample
        spec.conversationCount = conversations
        let token = "demo-\(UUID().uuidString.lowercased())"
        let started = Date()
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            print(
                "sample Intercom workspace: \(spec.conversationCount) conversations at \(server.baseURL.absoluteString)"
            )
            try await backend.withBackends { opened in
                var backends = opened
                // The demo's token lives in memory only, and its job on a queue of its own.
                let secrets = InMemorySecretStore()
                try await secrets.setSecret(Secret(token), named: IntercomClient.tokenSecretName, tenantID: tenant)
                backends.secrets = secrets
                backends.queue = backends.namedQueue("ingest-demo")
                var variables = ProcessInfo.processInfo.environment
                variables["INTERCOM_BASE_URL"] = server.baseURL.absoluteString
                let registry = Registry.make(variables: variables)

                let config = IntercomConversationsBackfillConfig(tenantID: tenant)
                let job = IngestJob(config: config)
                try await backends.jobRecords.createJob(
                    JobRecord(
                        jobID: job.jobID,
                        tenantID: tenant,
                        source: job.source,
                        config: job.configFields,
                        status: .queued
                    )
                )
                try await backends.queue.send(job.encode())
                print("enqueued job \(job.jobID) for tenant \(tenant) in \(backends.databaseDescription)")

                _ = try await WorkerRun.run(
                    stores: backends.workerStores,
                    registry: registry,
                    configuration: WorkerConfiguration(concurrency: concurrency, untilEmpty: true),
                    renderer: ProgressRenderer()
                )
                guard let record = try await backends.jobRecords.job(job.jobID) else {
                    throw CLIError("the demo job has no record")
                }
                let stats = server.stats
                let elapsed = Date().timeIntervalSince(started)
                print("")
                print("job \(record.jobID): \(record.status.rawValue) — \(JobFormatting.summary(record.counts))")
                if let error = record.error { print("error: \(error)") }
                print(
                    String(
                        format: "took %.1fs; fake Intercom served %d requests (%d list, %d retrieve)",
                        elapsed,
                        stats.total,
                        stats.byRoute["list"] ?? 0,
                        stats.byRoute["retrieve"] ?? 0
                    )
                )
                let stored = try await backends.artifacts.countArtifacts(tenantID: tenant, source: .intercom)
                print("tenant \(tenant) now has \(stored) Intercom conversations stored and indexed")

                print("")
                print("search \"\(query)\":")
                let hits = try await backends.searchIndex.search(tenantID: tenant, query: query, limit: 3)
                for (rank, hit) in hits.enumerated() {
                    print("  \(rank + 1). \(hit.title)")
                    print("     \(hit.snippet.replacingOccurrences(of: "\n", with: " "))")
                    if let url = hit.url { print("     \(url)") }
                }
                if hits.isEmpty { print("  no matches") }

                let exported = try await MarkdownExporter.export(
                    tenantID: tenant,
                    source: .intercom,
                    title: "Intercom export for tenant \(tenant)",
                    artifacts: backends.artifacts,
                    to: output
                )
                let path = URL(fileURLWithPath: output).standardizedFileURL.path
                print("")
                print("markdown export of \(exported) conversations: \(path)")
                print("next: ingest search --tenant-id \(tenant) \"\(query)\"   ·   ingest jobs show \(record.jobID)")
                if record.status != .succeeded { throw ExitCode(1) }
            }
        }
    }
}
