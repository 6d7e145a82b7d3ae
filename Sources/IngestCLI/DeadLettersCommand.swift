import ArgumentParser
import Foundation
import IngestCore

struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect messages that could not be run, and put fixed ones back on the queue.",
        subcommands: [List.self, Redrive.self],
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

    struct Redrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put dead letters back on the queue once what made them fail is fixed.",
            discussion: """
                Each chosen dead letter is validated again as the worker would (JSON, source, config); \
                those that still fail stay dead-lettered and are reported with the reason. Give a \
                corrected message with --body-file (one id), or send them as they are with --force.
                """
        )

        @Argument(help: "Ids of dead letters (from `ingest dlq list`).")
        var ids: [String] = []

        @Flag(help: "Redrive every dead letter (up to --limit).")
        var all = false

        @Option(help: "A file holding the corrected message to send instead (only with one id).")
        var bodyFile: String?

        @Flag(help: "Redrive even messages that still fail validation.")
        var force = false

        @Option(help: "How many dead letters to look at.")
        var limit = 1_000

        @OptionGroup var backend: BackendOptions

        func validate() throws {
            if ids.isEmpty && !all { throw ValidationError("name the dead letters to redrive, or pass --all") }
            if !ids.isEmpty && all { throw ValidationError("pass either ids or --all, not both") }
            if bodyFile != nil && ids.count != 1 { throw ValidationError("--body-file needs exactly one id") }
            if limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
        }

        func run() async throws {
            let replacement = try bodyFile.map { path in
                do {
                    return try Data(contentsOf: URL(fileURLWithPath: path))
                } catch {
                    throw CLIError("cannot read --body-file \(path): \(error.localizedDescription)")
                }
            }
            let registry = Registry.make()
            try await backend.withBackends { backends in
                let letters = try await backends.queue.deadLetters(limit: max(limit, ids.count))
                var chosen = letters
                if !all {
                    let known = Set(letters.map(\.id))
                    let unknown = ids.filter { !known.contains($0) }
                    if !unknown.isEmpty {
                        throw CLIError(
                            "no dead letter \(unknown.joined(separator: ", ")) (list them with `ingest dlq list`)"
                        )
                    }
                    let wanted = Set(ids)
                    chosen = letters.filter { wanted.contains($0.id) }
                }
                if chosen.isEmpty {
                    print("no dead letters")
                    return
                }
                var bodies: [String: Data] = [:]
                var jobs: [String: IngestJob] = [:]
                var refused = 0
                for letter in chosen where bodies[letter.id] == nil {
                    let body = replacement ?? letter.body
                    do {
                        let job = try IngestJob.decode(body)
                        _ = try registry.validate(job)
                        if let conflict = job.idConflict(with: try await backends.jobRecords.job(job.jobID)) {
                            throw CLIError(conflict)
                        }
                        jobs[letter.id] = job
                    } catch {
                        if !force {
                            refused += 1
                            print("kept \(letter.id): still invalid: \(error)")
                            continue
                        }
                    }
                    bodies[letter.id] = body
                }
                let moved = bodies.isEmpty ? [] : try await backends.queue.redrive(bodies)
                for id in bodies.keys.sorted() {
                    guard moved.contains(id) else {
                        print("kept \(id): no longer a dead letter (redriven or removed meanwhile)")
                        continue
                    }
                    print("redriven \(id)")
                    guard let job = jobs[id], var record = try await backends.jobRecords.job(job.jobID),
                        record.status == .deadLettered
                    else { continue }
                    record.status = .queued
                    record.error = nil
                    record.finishedAt = nil
                    record.updatedAt = Date()
                    try await backends.jobRecords.updateJob(record)
                }
                print("\(moved.count) redriven, \(chosen.count - moved.count) kept")
                if refused > 0 {
                    print("fix them with --body-file FILE (one id at a time), or send them as they are with --force")
                    throw ExitCode(1)
                }
            }
        }
    }
}
