import FakeIntercom
import Foundation
import IngestCore
import IngestSQLite
import Testing

/// Tenants are walled off, and secrets stay secret — checked through the `ingest` binary the way an
/// operator runs it, with every log line at debug level captured.
@Suite("Tenant isolation and secrets")
struct TenantIsolationTests {
    /// Two tenants with their own tokens and workspaces (whose conversation ids overlap): nothing of
    /// one — artifact, search hit, job, checkpoint, export or secret — is visible to the other.
    @Test func twoTenantsSeeNothingOfEachOther() async throws {
        let tokenA = "tok_a_\(UUID().uuidString)"
        let tokenB = "tok_b_\(UUID().uuidString)"
        // The same first conversation id: both workspaces have conversations with the same ids.
        let specA = WorkspaceSpec(seed: 71, conversationCount: 120, appID: "appalpha")
        let specB = WorkspaceSpec(seed: 72, conversationCount: 90, appID: "appbeta")
        let workspaceA = Workspace(spec: specA)
        let workspaceB = Workspace(spec: specB)
        let configuration = FakeIntercomConfiguration(workspaces: [tokenA: specA, tokenB: specB])
        try await FakeIntercomServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            for (tenant, token) in [("alpha", tokenA), ("beta", tokenB)] {
                let set = try await cli.run(
                    ["secrets", "set", "--tenant-id", tenant, "--name", "intercom_access_token"],
                    input: token
                )
                #expect(set.status == 0, "\(set.stderr)")
            }
            var jobIDs: [String: String] = [:]
            for tenant in ["alpha", "beta", "gamma"] {
                let backfill = try await cli.run([
                    "backfill", "--tenant-id", tenant, "--connector", "intercom", "--config", #"{"per_page":40}"#,
                ])
                #expect(backfill.status == 0, "\(backfill.stderr)")
                jobIDs[tenant] = backfill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let worker = try await cli.run(["worker", "--until-empty", "--concurrency", "3"])
            #expect(worker.status == 0, "\(worker.stderr)")
            #expect(worker.stdout.contains("2 jobs succeeded, 1 failed"), "\(worker.stdout)")

            // A tenant without a secret fails; it never borrows another tenant's token.
            let gamma = try await cli.run(["jobs", "show", jobIDs["gamma"]!])
            #expect(gamma.stdout.contains("status:    failed"), "\(gamma.stdout)")
            #expect(gamma.stdout.contains("gamma"))
            #expect(gamma.stdout.contains("counts:    0 pages, 0 stored"), "\(gamma.stdout)")

            // Artifacts: each tenant holds exactly its own workspace, even where ids coincide.
            let database = try SQLiteDatabase(path: cli.databasePath)
            let artifacts = SQLiteArtifactStore(database: database)
            for (tenant, workspace, app) in [("alpha", workspaceA, "appalpha"), ("beta", workspaceB, "appbeta")] {
                var stored: [String: Artifact] = [:]
                try await artifacts.forEachArtifact(tenantID: TenantID(tenant), source: .intercom, batchSize: 100) {
                    for artifact in $0 { stored[artifact.externalID] = artifact }
                }
                #expect(stored.count == workspace.count, "\(tenant)")
                for index in 0..<workspace.count {
                    let generated = workspace.conversation(at: index)
                    let artifact = try #require(stored[generated.id])
                    #expect(artifact.url?.contains("/\(app)/") == true, "\(tenant) \(generated.id)")
                    #expect(artifact.tenantID == (try TenantID(tenant)))
                }
            }
            let shared = workspaceB.conversation(at: 0).id
            #expect(workspaceA.conversation(at: 0).id == shared, "the two workspaces share conversation ids")
            let alphaShared = try #require(
                try await artifacts.artifact(
                    ArtifactKey(
                        tenantID: TenantID("alpha"),
                        source: .intercom,
                        kind: "conversation",
                        externalID: shared
                    )
                )
            )
            let betaShared = try #require(
                try await artifacts.artifact(
                    ArtifactKey(tenantID: TenantID("beta"), source: .intercom, kind: "conversation", externalID: shared)
                )
            )
            #expect(alphaShared.contentHash != betaShared.contentHash)

            // Search: a phrase only beta's workspace has is found for beta, never for alpha or gamma.
            let betaConversation = try #require(
                (0..<workspaceB.count).lazy.map { workspaceB.conversation(at: $0) }.first {
                    $0.uniquePartPhrase != nil
                }
            )
            let phrase = try #require(betaConversation.uniquePartPhrase)
            let betaSearch = try await cli.run(["search", "--tenant-id", "beta", "--json", "\"\(phrase)\""])
            let betaHits = try #require(
                CLISearchOutput.hits(betaSearch.stdout)
            )
            #expect(betaHits.map { $0["external_id"] as? String } == [betaConversation.id])
            for other in ["alpha", "gamma"] {
                let search = try await cli.run(["search", "--tenant-id", other, "--json", "\"\(phrase)\""])
                #expect(search.status == 0, "\(search.stderr)")
                let hits = CLISearchOutput.hits(search.stdout)
                #expect(hits?.isEmpty == true, "\(other) sees beta's conversation: \(search.stdout)")
            }
            // A broad search of alpha only returns alpha's conversations.
            let broad = try await cli.run(["search", "--tenant-id", "alpha", "--json", "--limit", "100", "the"])
            let broadHits = try #require(
                CLISearchOutput.hits(broad.stdout)
            )
            #expect(!broadHits.isEmpty)
            #expect(broadHits.allSatisfy { ($0["url"] as? String)?.contains("/appalpha/") == true })

            // Jobs: each tenant's list holds only its own job.
            for (tenant, jobID) in jobIDs {
                let jobs = try await cli.run(["jobs", "--tenant-id", tenant])
                for (other, otherJob) in jobIDs where other != tenant {
                    #expect(!jobs.stdout.contains(otherJob), "\(tenant)'s jobs list \(other)'s job")
                }
                #expect(jobs.stdout.contains(jobID))
            }

            // Checkpoints: a job's checkpoint is visible to its own tenant only.
            let checkpoints = SQLiteCheckpointStore(database: database)
            let alphaJob = try JobID(jobIDs["alpha"]!)
            #expect(try await checkpoints.checkpoint(jobID: alphaJob, tenantID: TenantID("alpha"))?.finished == true)
            #expect(try await checkpoints.checkpoint(jobID: alphaJob, tenantID: TenantID("beta")) == nil)

            // Export: only the tenant's own conversations.
            let export = try await cli.run([
                "export", "--tenant-id", "alpha", "--connector", "intercom", "--format", "markdown", "-o", "alpha.md",
            ])
            #expect(export.status == 0, "\(export.stderr)")
            let markdown = try String(contentsOf: cli.directory.appendingPathComponent("alpha.md"), encoding: .utf8)
            #expect(markdown.components(separatedBy: "\n## ").count - 1 == workspaceA.count)
            #expect(!markdown.contains(phrase))
            #expect(!markdown.contains("/appbeta/"))

            // Secrets: each tenant's store entry is its own; an unknown tenant gets none.
            let secrets = FileSecretStore(path: FileSecretStore.defaultPath(environment: cli.environment))
            #expect(
                try await secrets.secret(named: "intercom_access_token", tenantID: TenantID("alpha")).value
                    == tokenA
            )
            #expect(
                try await secrets.secret(named: "intercom_access_token", tenantID: TenantID("beta")).value
                    == tokenB
            )
            await #expect(throws: (any Error).self) {
                try await secrets.secret(named: "intercom_access_token", tenantID: TenantID("gamma"))
            }
        }
    }

    /// Every log line of a whole run, at debug level and in both formats, plus every output, job
    /// record, error and database file: no token anywhere — neither a working one nor a revoked one.
    @Test func noTokenReachesLogsErrorsJobRecordsOrTheDatabase() async throws {
        let token = "tok_live_\(UUID().uuidString)"
        let revoked = "tok_revoked_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 81, conversationCount: 60)
        let configuration = FakeIntercomConfiguration(
            workspaces: [token: spec],
            faults: FaultInjection(seed: 3, serverErrorRate: 0.05)
        )
        try await FakeIntercomServer.withRunning(configuration) { server in
            let cli = try CLIRunner(extraEnvironment: [
                "INTERCOM_BASE_URL": server.baseURL.absoluteString, "INGEST_LOG_LEVEL": "debug",
            ])
            defer { cli.remove() }
            var outputs: [CLIRunner.Result] = []
            func run(_ arguments: [String], input: String? = nil) async throws -> CLIRunner.Result {
                let result = try await cli.run(arguments, input: input)
                outputs.append(result)
                return result
            }
            _ = try await run(
                ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
                input: token
            )
            _ = try await run(
                ["secrets", "set", "--tenant-id", "old", "--name", "intercom_access_token"],
                input: revoked
            )
            let good = try await run(["backfill", "--tenant-id", "acme", "--connector", "intercom"])
            let bad = try await run(["backfill", "--tenant-id", "old", "--connector", "intercom"])
            // A token pasted into the config by mistake is refused without being echoed.
            let pasted = try await run([
                "backfill", "--tenant-id", "acme", "--connector", "intercom", "--config",
                #"{"access_token":"\#(token)"}"#,
            ])
            #expect(pasted.status == 64)
            #expect(pasted.stderr.contains("access_token"), "\(pasted.stderr)")
            let text = try await run(["worker", "--until-empty", "--concurrency", "2"])
            #expect(text.stdout.contains("1 jobs succeeded, 1 failed"), "\(text.stdout)")
            // A rerun with JSON logs (the first job again, from the start).
            _ = try await run(["backfill", "--tenant-id", "acme", "--connector", "intercom"])
            let json = try await run(["worker", "--until-empty", "--log-format", "json"])
            #expect(json.status == 0)
            let badJob = bad.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let failed = try await run(["jobs", "show", badJob])
            #expect(failed.stdout.contains("status:    failed"))
            #expect(failed.stdout.contains("Intercom rejected the access token for tenant old"), "\(failed.stdout)")
            _ = try await run(["jobs", "show", good.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
            _ = try await run(["jobs"])
            _ = try await run(["dlq", "list"])
            _ = try await run(["search", "--tenant-id", "acme", "--json", "conversation"])
            _ = try await run(["export", "--tenant-id", "acme", "--connector", "intercom", "--format", "markdown"])

            // Debug logging was on: the HTTP layer's request lines are there (so the check is not vacuous).
            let allStderr = outputs.map(\.stderr).joined(separator: "\n")
            #expect(allStderr.contains("debug"), "no debug lines were captured")
            #expect(json.stderr.split(separator: "\n").contains { $0.hasPrefix("{") && $0.contains(#""debug""#) })
            for output in outputs {
                for secret in [token, revoked] {
                    #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
                }
            }
            // Nor in any file the run left, other than the secret store itself.
            let files = FileManager.default.enumerator(at: cli.directory, includingPropertiesForKeys: nil)
            var scanned = 0
            while let file = files?.nextObject() as? URL {
                guard !file.path.contains("/config/"), let data = try? Data(contentsOf: file) else { continue }
                scanned += 1
                for secret in [token, revoked] {
                    #expect(data.range(of: Data(secret.utf8)) == nil, "\(file.lastPathComponent) holds a token")
                }
            }
            #expect(scanned >= 3, "the database and the export were scanned")
        }
    }
}
