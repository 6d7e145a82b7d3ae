/// Full-text search over stored artifacts, scoped by tenant.
public protocol SearchIndex: Sendable {
    /// Brings the index up to date with what the artifact store wrote for this tenant and source.
    /// Returns how many artifacts were (re)indexed.
    @discardableResult
    func triggerIndexing(tenantID: TenantID, source: DocumentSource) async throws -> Int

    /// Ranked hits for what a user typed, across the tenant's connectors or only `source`'s. Any text
    /// is a valid query: quotes, operators and punctuation are searched literally and never raise a
    /// syntax error.
    func search(tenantID: TenantID, query: String, limit: Int, source: DocumentSource?) async throws -> [SearchHit]
}

extension SearchIndex {
    /// Ranked hits across all of the tenant's connectors.
    public func search(tenantID: TenantID, query: String, limit: Int) async throws -> [SearchHit] {
        try await search(tenantID: tenantID, query: query, limit: limit, source: nil)
    }
}

/// One search result.
public struct SearchHit: Sendable, Hashable, Codable {
    public var source: DocumentSource
    public var kind: String
    public var externalID: String
    public var title: String
    public var url: String?
    /// A short extract around the matched words, with matches wrapped in `[` `]`.
    public var snippet: String
    /// Higher is better.
    public var score: Double

    public init(
        source: DocumentSource,
        kind: String,
        externalID: String,
        title: String,
        url: String?,
        snippet: String,
        score: Double
    ) {
        self.source = source
        self.kind = kind
        self.externalID = externalID
        self.title = title
        self.url = url
        self.snippet = snippet
        self.score = score
    }
}
