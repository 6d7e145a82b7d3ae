import ArgumentParser
import FakeZendesk
import Foundation
import Logging

struct FakeZendeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-zendesk",
        abstract: "Serve a generated Zendesk Support account on loopback, for trying Ingest without a real account.",
        discussion: """
            Point the worker at it with ZENDESK_BASE_URL=<printed url> and store the token with \
            `ingest secrets set --name zendesk_access_token` (or, with --email, as zendesk_api_token and \
            pass the same email in the job's config). Test controls: POST /_admin/touch, /_admin/note, \
            /_admin/system_update, /_admin/delete, /_admin/restore, /_admin/scrub with {"ids": [...]}, \
            /_admin/create with {"count": N}, /_admin/advance_clock with {"seconds": N}, authenticated \
            like the API. Runs until interrupted.
            """
    )

    @Option(help: "Tickets in the account.")
    var tickets = 500

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 42

    @Option(help: "The account's subdomain (it appears in ticket links and emails).")
    var subdomain = "acme"

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 8_090

    @Option(help: "The token the fake accepts. Read from FAKE_ZENDESK_TOKEN when not given.")
    var token: String?

    @Option(help: "Accept the token as an API token for this email (Basic auth) instead of an OAuth token.")
    var email: String?

    @Option(name: .customLong("plan-limit"), help: "Requests allowed per minute for the account (default: unlimited).")
    var planLimit: Int?

    @Option(name: .customLong("export-limit"), help: "Incremental export requests allowed per minute.")
    var exportLimit = 10

    @Option(help: "Tickets sharing one timestamp, as after a bulk update.")
    var burst = 0

    @Option(name: .customLong("long-tickets"), help: "Tickets with more than 100 comments.")
    var longTickets = 2

    func validate() throws {
        guard (0...1_000_000).contains(tickets) else { throw ValidationError("--tickets must be from 0 to 1000000") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (0...tickets).contains(burst) else { throw ValidationError("--burst must be from 0 to --tickets") }
        guard (0...tickets).contains(longTickets) else {
            throw ValidationError("--long-tickets must be from 0 to --tickets")
        }
        if let planLimit, planLimit < 1 { throw ValidationError("--plan-limit must be at least 1") }
        guard exportLimit >= 1 else { throw ValidationError("--export-limit must be at least 1") }
        guard subdomain.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil else {
            throw ValidationError("--subdomain must be lowercase letters, digits and hyphens, like acme")
        }
    }

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["FAKE_ZENDESK_TOKEN"] ?? "fake-zendesk-token"
        let spec = ZendeskAccountSpec(
            seed: seed,
            subdomain: subdomain,
            ticketCount: tickets,
            burstSize: burst,
            longTicketCount: longTickets,
            email: email
        )
        let configuration = FakeZendeskConfiguration(
            accounts: [token: spec],
            planLimitPerWindow: planLimit,
            exportLimitPerMinute: exportLimit
        )
        LogSetup.bootstrap(level: .warning)
        try await FakeZendeskServer.run(configuration, port: port, logger: Logger(label: "fake-zendesk")) { url in
            // Unbuffered, so a script reading our output sees the URL at once.
            FileHandle.standardOutput.write(
                Data("fake Zendesk serving \(tickets) tickets at \(url.absoluteString)\n".utf8)
            )
        }
    }
}
