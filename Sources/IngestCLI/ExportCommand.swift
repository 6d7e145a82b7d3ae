import ArgumentParser
import Foundation
import IngestCore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a tenant's artifacts of one connector as Markdown, to check content quality."
    )

    @Option(name: .customLong("tenant-id"), help: "The tenant to export.")
    var tenantID: String

    @Option(help: "The connector key (see `ingest connectors`).")
    var connector: String

    @Option(help: "Output format: markdown.")
    var format = "markdown"

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output).")
    var output = "conversations.md"

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        let tenant = try CLIParsing.tenant(tenantID)
        guard format == "markdown" else {
            throw ValidationError("--format \"\(format)\" is not supported; use markdown")
        }
        let registry = Registry.make()
        guard let entry = registry.connector(key: connector) else {
            throw ValidationError(registry.unknownConnectorMessage(connector))
        }
        try await backend.withBackends { backends in
            let count = try await MarkdownExporter.export(
                tenantID: tenant,
                source: DocumentSource(entry.key),
                title: "\(entry.name) export for tenant \(tenant)",
                artifacts: backends.artifacts,
                to: output
            )
            if output != "-" { print("wrote \(count) artifacts to \(output)") }
        }
    }
}

/// Writes artifacts as one Markdown document, streaming so any size fits in memory.
enum MarkdownExporter {
    static func export(
        tenantID: TenantID,
        source: DocumentSource,
        title: String,
        artifacts: any ArtifactStore,
        to path: String
    ) async throws -> Int {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError("cannot create \(path)")
            }
            guard let file = FileHandle(forWritingAtPath: path) else {
                throw CLIError("cannot open \(path) for writing")
            }
            handle = file
        }
        defer { if path != "-" { try? handle.close() } }
        handle.write(Data("# \(escape(title))\n\n".utf8))
        var count = 0
        try await artifacts.forEachArtifact(tenantID: tenantID, source: source, batchSize: 200) { batch in
            var text = ""
            for artifact in batch {
                text += render(artifact)
                count += 1
            }
            handle.write(Data(text.utf8))
        }
        if count == 0 { handle.write(Data("_No artifacts for this tenant and connector yet._\n".utf8)) }
        return count
    }

    static func render(_ artifact: Artifact) -> String {
        var text = "## \(escape(artifact.title))\n\n"
        text += "- \(artifact.kind) `\(artifact.externalID)`"
        if let state = artifact.state { text += " · \(escape(state))" }
        text += " · updated \(JobFormatting.time(artifact.updatedAt))\n"
        if let url = artifact.url { text += "- <\(url)>\n" }
        if !artifact.tags.isEmpty { text += "- tags: \(artifact.tags.map(escape).joined(separator: ", "))\n" }
        // The transcript goes in a fenced block: no HTML or Markdown inside it is interpreted.
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(artifact.content) + 1))
        text += "\n\(fence)text\n\(artifact.content)\n\(fence)\n\n"
        return text
    }

    /// Escapes characters that Markdown or HTML would interpret in headings and list items.
    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|": output += "\\\(character)"
            case "\n", "\r": output += " "
            default: output.append(character)
            }
        }
        return output
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0
        var current = 0
        for character in text {
            if character == "`" {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }
}
