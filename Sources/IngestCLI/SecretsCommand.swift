import ArgumentParser
import Foundation
import IngestCore

struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Store tenants' API tokens in the secret store.",
        subcommands: [Set.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a secret read from standard input (never from the command line).",
            discussion: "Example: ingest secrets set --tenant-id acme --name intercom_access_token < token.txt"
        )

        @Option(name: .customLong("tenant-id"), help: "The tenant the secret belongs to.")
        var tenantID: String

        @Option(help: "The secret's name, e.g. intercom_access_token.")
        var name: String

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            let tenant = try CLIParsing.tenant(tenantID)
            guard FileSecretStore.isValidName(name) else {
                throw ValidationError(
                    "--name \"\(name.prefix(40))\" is invalid: use 1 to 64 lowercase letters, digits or '_'"
                )
            }
            let interactive = isatty(STDIN_FILENO) == 1
            if interactive {
                FileHandle.standardError.write(
                    Data("Paste the value of \(name) for tenant \(tenant), then press Enter: ".utf8)
                )
            }
            let value = interactive ? Self.readWithoutEcho() : Self.readAll()
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else {
                throw ValidationError("no secret on standard input; pipe it in, e.g. `... < token.txt`")
            }
            guard !trimmed.contains("\n") else { throw ValidationError("the secret must be one line") }
            try await backend.withBackends { backends in
                guard let store = backends.writableSecrets else {
                    throw CLIError(
                        "the configured secret store is read-only here; set the secret with your secret manager"
                    )
                }
                try await store.setSecret(Secret(trimmed), named: name, tenantID: tenant)
                print("stored \(name) for tenant \(tenant)")
            }
        }

        static func readAll() -> String {
            String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }

        static func readWithoutEcho() -> String {
            var original = termios()
            tcgetattr(STDIN_FILENO, &original)
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &original)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            return readLine(strippingNewline: true) ?? ""
        }
    }
}
