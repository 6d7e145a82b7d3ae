import FakeIntercom
import Foundation
import GRDB
import IngestCore
import IngestPostgres
import IngestSQLite
import PostgresNIO

/// Query times of the embedded search index over a backfilled workspace.
enum SearchBenchmark {
    struct Result: Sendable {
        var documents: Int
        var queries: Int
        var rounds: Int
        var medianMilliseconds: Double
        var p95Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var medianByKind: [String: Double]
        /// Unique phrases whose conversation came first.
        var phrasesFoundFirst: Int
        var phraseQueries: Int
    }

    /// Runs `rounds` timed rounds (after one warm-up) of three kinds of query drawn from the
    /// workspace with a fixed seed: a quoted phrase found in exactly one conversation, one word,
    /// and two words — on the embedded index of the SQLite database at `databasePath`.
    static func run(
        databasePath: String,
        tenant: String,
        workspace: Workspace,
        candidateLimit: Int? = nil,
        rounds: Int = 3
    ) async throws -> Result {
        let database = try SQLiteDatabase(path: databasePath)
        let documents = try await database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts WHERE tenant_id = ?", arguments: [tenant]) ?? 0
        }
        return try await run(
            index: candidateLimit.map { SQLiteSearchIndex(database: database, candidateLimit: $0) }
                ?? SQLiteSearchIndex(database: database),
            documents: documents,
            tenant: tenant,
            workspace: workspace,
            rounds: rounds
        )
    }

    /// The same queries on PostgreSQL's index of the database at `url`.
    static func run(
        postgresURL url: String,
        tenant: String,
        workspace: Workspace,
        candidateLimit: Int? = nil,
        rounds: Int = 3
    ) async throws -> Result {
        try await PostgresDatabase.withRunning(url: url, maximumConnections: 2) { database in
            let documents =
                try await database.client.query(
                    "SELECT count(*)::int8 FROM artifacts WHERE tenant_id = \(tenant)"
                ).collect().first?.decode(Int.self) ?? 0
            return try await run(
                index: PostgresSearchIndex(
                    database: database,
                    candidateLimit: candidateLimit ?? PostgresSearchIndex.defaultCandidateLimit
                ),
                documents: documents,
                tenant: tenant,
                workspace: workspace,
                rounds: rounds
            )
        }
    }

    static func run(
        index: some SearchIndex,
        documents: Int,
        tenant: String,
        workspace: Workspace,
        rounds: Int
    ) async throws -> Result {
        let tenantID = try TenantID(tenant)
        // The same queries on every run.
        var random = SplitMix64(seed: 7)

        var queries: [(kind: String, text: String, expect: String?)] = []
        var phrases = 0
        var attempts = 0
        while phrases < 60 && attempts < 10_000 {
            attempts += 1
            let conversation = workspace.conversation(at: Int(random.next() % UInt64(workspace.count)))
            if let phrase = conversation.uniquePartPhrase {
                queries.append(("phrase", "\"\(phrase)\"", conversation.id))
                phrases += 1
            }
        }
        var words: [String] = []
        while words.count < 240 {
            let conversation = workspace.conversation(at: Int(random.next() % UInt64(workspace.count)))
            guard !conversation.parts.isEmpty else { continue }
            let part = conversation.parts[Int(random.next() % UInt64(conversation.parts.count))]
            let text = stripTags(part.bodyHTML ?? "")
            let candidates = text.split(whereSeparator: { !$0.isLetter })
                .filter { $0.count >= 4 && !stopWords.contains($0.lowercased()) }
            guard !candidates.isEmpty else { continue }
            words.append(String(candidates[Int(random.next() % UInt64(candidates.count))]).lowercased())
        }
        for offset in 0..<60 { queries.append(("word", words[offset], nil)) }
        for offset in stride(from: 60, to: 180, by: 2) {
            queries.append(("two words", "\(words[offset]) \(words[offset + 1])", nil))
        }

        var phrasesFoundFirst = 0
        for query in queries where query.expect != nil {
            let hits = try await index.search(tenantID: tenantID, query: query.text, limit: 10)
            if hits.first?.externalID == query.expect { phrasesFoundFirst += 1 }
        }
        var timings: [(kind: String, ms: Double)] = []
        for _ in 0..<rounds {
            for query in queries {
                let started = ContinuousClock.now
                _ = try await index.search(tenantID: tenantID, query: query.text, limit: 10)
                let elapsed = ContinuousClock.now - started
                timings.append(
                    (
                        query.kind,
                        Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
                    )
                )
            }
        }
        var byKind: [String: Double] = [:]
        for kind in Set(timings.map(\.kind)) {
            byKind[kind] = percentile(timings.filter { $0.kind == kind }.map(\.ms), 0.5)
        }
        let all = timings.map(\.ms)
        return Result(
            documents: documents,
            queries: queries.count,
            rounds: rounds,
            medianMilliseconds: percentile(all, 0.5),
            p95Milliseconds: percentile(all, 0.95),
            p99Milliseconds: percentile(all, 0.99),
            maxMilliseconds: all.max() ?? 0,
            medianByKind: byKind,
            phrasesFoundFirst: phrasesFoundFirst,
            phraseQueries: phrases
        )
    }

    /// Words nobody searches for on their own (the usual English stop words of four letters or more).
    static let stopWords: Set<String> = [
        "about", "above", "after", "again", "against", "also", "been", "before", "being", "below", "between",
        "both", "could", "does", "doing", "down", "during", "each", "from", "further", "have", "having", "here",
        "hers", "herself", "himself", "into", "itself", "just", "more", "most", "myself", "once", "only",
        "other", "ours", "ourselves", "over", "same", "should", "some", "such", "than", "that", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "under",
        "until", "very", "were", "what", "when", "where", "which", "while", "will", "with", "would", "your",
        "yours", "yourself", "yourselves", "thanks", "thank", "please", "hello", "there's", "it's", "i'm",
    ]

    static func percentile(_ values: [Double], _ share: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * share).rounded()))]
    }

    static func stripTags(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                text.append(" ")
            } else if !inTag {
                text.append(character)
            }
        }
        return text
    }
}
