import ArgumentParser
import Foundation
import IngestCore

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over one tenant's artifacts, best matches first.",
        discussion: "Type anything: \"quoted phrases\" match exactly; operators and punctuation are searched literally."
    )

    @Option(name: .customLong("tenant-id"), help: "The tenant to search.")
    var tenantID: String

    @Argument(help: "What to search for.")
    var query: [String]

    @Option(help: "Only this connector's artifacts (see `ingest connectors`); default: every connector of the tenant.")
    var connector: String?

    @Option(help: "Most hits to show (1-1000).")
    var limit = 10

    @Flag(help: "Print the hits as a JSON array.")
    var json = false

    @OptionGroup var backend: BackendOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000, got \(limit)") }
    }

    func run() async throws {
        let tenant = try CLIParsing.tenant(tenantID)
        var source: DocumentSource?
        if let connector {
            let registry = Registry.make()
            guard let entry = registry.connector(key: connector) else {
                throw ValidationError(registry.unknownConnectorMessage(connector))
            }
            source = entry.documentSource
        }
        try await backend.withBackends { backends in
            let text = query.joined(separator: " ")
            let started = ContinuousClock.now
            let hits = try await backends.searchIndex.search(
                tenantID: tenant,
                query: text,
                limit: limit,
                source: source
            )
            let took = ContinuousClock.now - started
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                let result = SearchResult(query: text, tookMs: took.milliseconds, hits: hits)
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
                return
            }
            if hits.isEmpty {
                print("no matches for \"\(text)\" in tenant \(tenant)")
                return
            }
            for (rank, hit) in hits.enumerated() {
                // Which system the hit came from, so hits of several connectors can be told apart.
                print("\(rank + 1). \(hit.title)  [\(hit.source) \(hit.kind) \(hit.externalID)]")
                print("   \(hit.snippet.replacingOccurrences(of: "\n", with: " "))")
                if let url = hit.url { print("   \(url)") }
            }
        }
    }
}

/// What `ingest search --json` prints: the hits, and the query's own time (the search in the
/// database, not the process start or opening the database), as search engines report it.
struct SearchResult: Encodable {
    var query: String
    /// Milliseconds, to the microsecond.
    var tookMs: Double
    var hits: [SearchHit]
}

extension Duration {
    /// The duration in milliseconds, rounded to the microsecond.
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = components
        return ((Double(seconds) * 1_000 + Double(attoseconds) / 1e15) * 1_000).rounded() / 1_000
    }
}
