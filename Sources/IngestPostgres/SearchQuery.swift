import Foundation

/// What a user typed, as PostgreSQL full-text queries that can never be a syntax error.
///
/// Text in double quotes is a phrase; everything else is split at white space into terms. Each term is
/// handed to `websearch_to_tsquery` inside double quotes, so `or`, `-`, `!`, `&`, `|`, `:`, `*` and
/// parentheses are searched as text (or dropped, being punctuation) rather than parsed as operators —
/// the same reading as the SQLite index's. The parser of `to_tsvector` splits each term into lexemes,
/// so `ORD-42` or `ann@example.com` match what indexing made of the same text.
struct SearchQuery: Sendable, Equatable {
    /// Each term is one white-space separated word or one quoted phrase.
    var terms: [String]

    /// The most terms a query keeps, to bound the work a pasted novel can cause.
    static let maximumTerms = 64
    /// The longest term kept, in characters.
    static let maximumTermLength = 256

    init(_ text: String) {
        var terms: [String] = []
        var inQuotes = false
        var segment = ""
        func flush() {
            if inQuotes {
                let phrase = segment.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if !phrase.isEmpty { terms.append(phrase) }
            } else {
                terms.append(contentsOf: segment.split(whereSeparator: \.isWhitespace).map(String.init))
            }
            segment = ""
        }
        for character in PostgresValues.text(text) {
            if character == "\"" {
                flush()
                inQuotes.toggle()
            } else {
                segment.append(character)
            }
        }
        flush()
        self.terms = terms.prefix(Self.maximumTerms).map { String($0.prefix(Self.maximumTermLength)) }
    }

    var isEmpty: Bool { terms.isEmpty }

    /// Whether a term is a phrase of several words.
    var hasPhrase: Bool { terms.contains { $0.contains(" ") } }

    /// The first word of the first term: where a snippet is looked for in the text.
    var snippetAnchor: String {
        terms.first.flatMap { $0.split(whereSeparator: \.isWhitespace).first }.map(String.init) ?? ""
    }

    /// For `websearch_to_tsquery`: every term must match.
    var allExpression: String { terms.map(Self.quote).joined(separator: " ") }

    /// For `websearch_to_tsquery`: any term may match.
    var anyExpression: String { terms.map(Self.quote).joined(separator: " or ") }

    private static func quote(_ term: String) -> String { "\"" + term + "\"" }
}
