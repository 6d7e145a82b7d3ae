import Foundation

/// Turns what a user typed into an FTS5 expression that can never be a syntax error.
///
/// Text in double quotes is a phrase; everything else is split into words of letters and digits.
/// Every word is quoted, so `AND`, `OR`, `NOT`, `NEAR`, `*`, `-`, `:`, `^` and parentheses are
/// searched as text (or dropped, being punctuation) rather than parsed as operators.
struct FTSQuery: Sendable, Equatable {
    /// Each term is one word or a phrase of several words.
    var terms: [[String]]

    init(_ text: String) {
        var terms: [[String]] = []
        var inQuotes = false
        var segment = ""
        func flush() {
            let words = Self.words(in: segment)
            if inQuotes {
                if !words.isEmpty { terms.append(words) }
            } else {
                terms.append(contentsOf: words.map { [$0] })
            }
            segment = ""
        }
        for character in text {
            if character == "\"" {
                flush()
                inQuotes.toggle()
            } else {
                segment.append(character)
            }
        }
        flush()
        self.terms = terms
    }

    var isEmpty: Bool { terms.isEmpty }

    /// All terms must match.
    var allExpression: String { terms.map(Self.quote).joined(separator: " ") }

    /// Any term may match.
    var anyExpression: String { terms.map(Self.quote).joined(separator: " OR ") }

    private static func quote(_ words: [String]) -> String {
        "\"" + words.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Words as FTS5's unicode61 tokenizer sees them: runs of letters, digits and marks.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                || properties.generalCategory == .spacingMark
            {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        // Bound the work a pasted novel can cause.
        return Array(words.prefix(64))
    }
}
