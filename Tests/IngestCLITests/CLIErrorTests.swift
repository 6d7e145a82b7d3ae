import Foundation
import Testing

/// Bad input exits non-zero with a message naming what is wrong, and enqueues nothing.
@Suite("CLI errors and exit codes")
struct CLIErrorTests {
    /// argument-parser's exit code for a usage error (EX_USAGE).
    static let usage: Int32 = 64

    func expectNothingEnqueued(_ cli: CLIRunner) async throws {
        let jobs = try await cli.run(["jobs"])
        #expect(jobs.status == 0)
        #expect(jobs.stdout.contains("no jobs"))
    }

    @Test(arguments: [
        (
            ["--tenant-id", "acme", "--connector", "freshdesk"],
            "unknown connector \"freshdesk\"; available: intercom, zendesk"
        ),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config", #"{"per_page":500}"#],
            "per_page: must be an integer from 1 to 150, got 500"
        ),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config", #"{"perpage":5}"#],
            "perpage: is not a known field"
        ),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config", #"{"order":"newest"}"#],
            #"order: must be "asc" or "desc""#
        ),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config", #"{"conversation_ids":[]}"#],
            "conversation_ids: must not be an empty list"
        ),
        (["--tenant-id", "acme", "--connector", "intercom", "--config", "{not json"], "--config is not valid JSON"),
        (["--tenant-id", "acme", "--connector", "intercom", "--config", "[1]"], "--config must be a JSON object"),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config", #"{"tenant_id":"other"}"#],
            "tenant_id is set by the CLI"
        ),
        (["--tenant-id", "../etc", "--connector", "intercom"], "--tenant-id must start with a letter or digit"),
        (
            ["--tenant-id", "acme;rm -rf /", "--connector", "intercom"],
            "--tenant-id contains a character that is not allowed"
        ),
        (
            ["--tenant-id", "x'; DROP TABLE jobs;--", "--connector", "intercom"],
            "--tenant-id contains a character that is not allowed"
        ),
        (["--tenant-id", "", "--connector", "intercom"], "--tenant-id must not be empty"),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config", "{}", "--config-file", "x.json"],
            "cannot be used together"
        ),
        (
            ["--tenant-id", "acme", "--connector", "intercom", "--config-file", "/nonexistent/config.json"],
            "cannot read /nonexistent/config.json"
        ),
    ])
    func backfillRefusesBadInput(arguments: [String], message: String) async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try await cli.run(["backfill"] + arguments)
        #expect(result.status == Self.usage, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        try await expectNothingEnqueued(cli)
    }

    @Test func aValidBackfillPrintsTheJobIDAndEnqueuesIt() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let configFile = cli.directory.appendingPathComponent("config.json")
        try Data(#"{"conversation_ids":["1","2"],"per_page":100}"#.utf8).write(to: configFile)
        let result = try await cli.run([
            "backfill", "--tenant-id", "acme", "--connector", "intercom", "--config-file", configFile.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let jobID = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(jobID.count == 36)
        let show = try await cli.run(["jobs", "show", jobID])
        #expect(show.status == 0)
        #expect(show.stdout.contains("status:    queued"))
        #expect(show.stdout.contains(#""conversation_ids":["1","2"]"#))
    }

    @Test func otherCommandsExplainTheirErrors() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let unknownJob = try await cli.run(["jobs", "show", "00000000-0000-0000-0000-000000000000"])
        #expect(unknownJob.status == 1)
        #expect(unknownJob.stderr.contains("no job 00000000-0000-0000-0000-000000000000"))

        let badLimit = try await cli.run(["search", "--tenant-id", "acme", "--limit", "0", "refund"])
        #expect(badLimit.status == Self.usage)
        #expect(badLimit.stderr.contains("--limit must be from 1 to 1000"))

        let badTenantSearch = try await cli.run(["search", "--tenant-id", "a/b", "refund"])
        #expect(badTenantSearch.status == Self.usage)

        let emptySecret = try await cli.run(
            ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
            input: ""
        )
        #expect(emptySecret.status == Self.usage)
        #expect(emptySecret.stderr.contains("no secret on standard input"))

        let badName = try await cli.run(["secrets", "set", "--tenant-id", "acme", "--name", "../../x"], input: "t")
        #expect(badName.status == Self.usage)

        let badDatabase = try await cli.run(["jobs", "--database", "mysql://user:hunter2@db/x"])
        #expect(badDatabase.status == 1)
        #expect(badDatabase.stderr.contains("not a supported database URL"))
        #expect(!badDatabase.stderr.contains("hunter2"))

        let badFormat = try await cli.run([
            "export", "--tenant-id", "acme", "--connector", "intercom", "--format", "pdf",
        ])
        #expect(badFormat.status == Self.usage)
        #expect(badFormat.stderr.contains("use markdown"))

        let badWorker = try await cli.run(["worker", "--concurrency", "0"])
        #expect(badWorker.status == Self.usage)
    }

    @Test(arguments: ["0", "many", "257"])
    func aBadFetchConcurrencyStopsTheWorkerBeforeItTakesAJob(value: String) async throws {
        let cli = try CLIRunner(extraEnvironment: ["INTERCOM_FETCH_CONCURRENCY": value])
        defer { cli.remove() }
        let worker = try await cli.run(["worker", "--until-empty"])
        #expect(worker.status == Self.usage)
        #expect(
            worker.stderr.contains("INTERCOM_FETCH_CONCURRENCY: must be an integer from 1 to 256, got \"\(value)\""),
            "\(worker.stderr)"
        )
    }

    @Test func connectorsListsTheTable() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try await cli.run(["connectors"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("intercom — Intercom"))
        #expect(result.stdout.contains("source: intercom_api_conversations_backfill"))
        #expect(result.stdout.contains(#""max_conversations":200"#))
    }

    @Test func secretsAreStoredPrivatelyAndNeverEchoed() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let token = "tok_\(UUID().uuidString)"
        let result = try await cli.run(
            ["secrets", "set", "--tenant-id", "acme", "--name", "intercom_access_token"],
            input: token + "\n"
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
        let path = cli.directory.appendingPathComponent("config/ingest/secrets.json").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let stored =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            as? [String: [String: String]]
        #expect(stored?["acme"]?["intercom_access_token"] == token)
    }
}

@Suite("CLI: large id lists")
struct CLISplittingTests {
    @Test func aListTooLargeForOneMessageBecomesSeveralJobs() async throws {
        // A small queue message limit, as a stand-in for SQS's 256 KiB with a huge list.
        let cli = try CLIRunner(extraEnvironment: ["INGEST_MAX_MESSAGE_BYTES": "4096"])
        defer { cli.remove() }
        let ids = (0..<1_000).map { "\"\(100_000 + $0)\"" }.joined(separator: ",")
        let file = cli.directory.appendingPathComponent("ids.json")
        try Data("{\"conversation_ids\":[\(ids)]}".utf8).write(to: file)
        let result = try await cli.run([
            "backfill", "--tenant-id", "acme", "--connector", "intercom", "--config-file", file.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let jobIDs = result.stdout.split(separator: "\n")
        #expect(jobIDs.count > 1)
        #expect(result.stderr.contains("split into \(jobIDs.count) jobs"))
        var total = 0
        for id in jobIDs {
            let show = try await cli.run(["jobs", "show", String(id)])
            let line = show.stdout.split(separator: "\n").first { $0.hasPrefix("config:") } ?? ""
            let json = line.dropFirst("config:".count).trimmingCharacters(in: .whitespaces)
            let config = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            total += (config?["conversation_ids"] as? [String])?.count ?? 0
        }
        #expect(total == 1_000)
    }
}
