import Testing

@testable import IngestPostgres

@Suite("Search query parsing")
struct SearchQueryTests {
    @Test func quotesEveryTermSoNothingIsAnOperator() {
        let query = SearchQuery("refund -login \"double  charged\" or")
        #expect(query.terms == ["refund", "-login", "double charged", "or"])
        #expect(query.allExpression == "\"refund\" \"-login\" \"double charged\" \"or\"")
        #expect(query.anyExpression == "\"refund\" or \"-login\" or \"double charged\" or \"or\"")
    }

    @Test func anUnbalancedQuoteEndsAtTheEnd() {
        #expect(SearchQuery("\"double charged").terms == ["double charged"])
        #expect(SearchQuery("a\"b\"c").terms == ["a", "b", "c"])
        #expect(SearchQuery("\"\"").isEmpty)
        #expect(SearchQuery("  \t\n").isEmpty)
    }

    @Test func boundsTheWork() {
        let query = SearchQuery(String(repeating: "refund ", count: 5_000) + String(repeating: "x", count: 1_000))
        #expect(query.terms.count == SearchQuery.maximumTerms)
        #expect(SearchQuery(String(repeating: "x", count: 1_000)).terms[0].count == SearchQuery.maximumTermLength)
        #expect(SearchQuery("a\u{0}b").terms == ["ab"])
    }
}
