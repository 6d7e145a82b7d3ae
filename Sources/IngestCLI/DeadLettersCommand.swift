import ArgumentParser
import Foundation
import IngestCore

struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect messages that could not be run.",
        subcommands: [List.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List dead-lettered messages with their reasons, newest first."
        )

        @Option(help: "How many to list.")
        var limit = 50

        @OptionGroup var backend: BackendOptions

        func run() async throws {
            try await backend.withBackends { backends in
                let letters = try await backends.queue.deadLetters(limit: max(limit, 1))
                if letters.isEmpty {
                    print("no dead letters")
                    return
                }
                for letter in letters {
                    print(
                        "\(letter.id)  \(JobFormatting.time(letter.deadLetteredAt))  received \(letter.receiveCount)x"
                    )
                    print("  reason: \(letter.reason)")
                    print("  body:   \(String(decoding: letter.body.prefix(300), as: UTF8.self))")
                }
            }
        }
    }
}
