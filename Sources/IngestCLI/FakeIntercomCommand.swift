import ArgumentParser
import FakeIntercom
import Foundation
import Logging

struct FakeIntercomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-intercom",
        abstract: "Serve a generated Intercom workspace on loopback, for trying Ingest without a real account.",
        discussion: """
            Point the worker at it with INTERCOM_BASE_URL=<printed url> and store the token with \
            `ingest secrets set`. Runs until interrupted.
            """
    )

    @Option(help: "Conversations in the workspace.")
    var conversations = WorkspaceSpec.sample.conversationCount

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 42

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 8_089

    @Option(help: "The bearer token the fake accepts. Read from FAKE_INTERCOM_TOKEN when not given.")
    var token: String?

    @Option(name: .customLong("rate-limit"), help: "Requests allowed per 10-second window (default: unlimited).")
    var rateLimit: Int?

    func validate() throws {
        guard conversations >= 0 && conversations <= 10_000_000 else {
            throw ValidationError("--conversations must be from 0 to 10000000")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["FAKE_INTERCOM_TOKEN"] ?? "fake-intercom-token"
        let configuration = FakeIntercomConfiguration(
            workspaces: [token: WorkspaceSpec(seed: seed, conversationCount: conversations)],
            rateLimitPerWindow: rateLimit
        )
        LogSetup.bootstrap(level: .warning)
        try await FakeIntercomServer.run(configuration, port: port, logger: Logger(label: "fake-intercom")) { url in
            // Unbuffered, so a script reading our output sees the URL at once.
            FileHandle.standardOutput.write(
                Data("fake Intercom serving \(conversations) conversations at \(url.absoluteString)\n".utf8)
            )
        }
    }
}
