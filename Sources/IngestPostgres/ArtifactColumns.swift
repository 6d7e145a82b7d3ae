import Foundation
import IngestCore
import PostgresNIO

/// An artifact flattened to the column values of the `artifacts` table.
struct ArtifactColumns: Sendable {
    /// The upsert identity: (tenant, source, kind, external id).
    struct Key: Hashable, Sendable {
        var tenantID, source, kind, externalID: String
    }

    /// What the upsert rules compare.
    struct Version: Sendable {
        /// Microseconds, as stored, so equal times compare equal.
        var updatedAt: Int64
        var contentHash: String
    }

    var tenantID, source, kind, externalID, title: String
    var url: String?
    var createdAt, updatedAt: Date
    var authors, tags: String
    var state: String?
    var content, metadata: String
    var rawPayload: Data
    var contentHash: String
    /// The title as the search index reads it (folded by ``DiacriticFold``), nil where that is the title.
    var foldedTitle: String?
    /// The content as the search index reads it (its first
    /// ``PostgresSearchIndex/indexedContentLength`` characters, folded), nil where that is the content:
    /// PostgreSQL neither folds nor counts characters.
    var foldedContent: String?
    /// The row's `tsvector` when it was computed ahead of the write (``PostgresArtifactStore``'s
    /// preparation); otherwise the upsert computes it.
    var searchVector: SearchVector?

    /// The columns ``artifact(from:)`` reads.
    static let selectList = """
        tenant_id, source, kind, external_id, title, url, created_at, updated_at, authors, tags, state, content, \
        metadata, raw_payload
        """

    init(_ artifact: Artifact) throws {
        tenantID = artifact.tenantID.rawValue
        source = PostgresValues.text(artifact.source.rawValue)
        kind = PostgresValues.text(artifact.kind)
        externalID = PostgresValues.text(artifact.externalID)
        title = PostgresValues.text(artifact.title)
        url = PostgresValues.text(artifact.url)
        createdAt = try PostgresValues.checked(artifact.createdAt, "the artifact's created_at")
        updatedAt = try PostgresValues.checked(artifact.updatedAt, "the artifact's updated_at")
        authors = ArtifactAuthor.columnJSON(artifact.authors)
        tags = JSONValue.array(artifact.tags.map(JSONValue.string)).canonicalString
        state = PostgresValues.text(artifact.state)
        content = PostgresValues.text(artifact.content)
        metadata = JSONValue.object(artifact.metadata).canonicalString
        rawPayload = artifact.rawPayload
        contentHash = artifact.contentHash
        foldedTitle = DiacriticFold.folded(title)
        let indexed = Self.indexedPart(of: content)
        foldedContent = DiacriticFold.folded(indexed) ?? (indexed.utf8.count < content.utf8.count ? indexed : nil)
    }

    /// The part of `content` the search index reads: its first
    /// ``PostgresSearchIndex/indexedContentLength`` characters, as `left(content, n)` counts them.
    static func indexedPart(of content: String) -> String {
        let limit = Int(PostgresSearchIndex.indexedContentLength)
        guard content.utf8.count > limit else { return content }
        let scalars = content.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex) else {
            return content
        }
        return String(scalars[..<end])
    }

    var key: Key { Key(tenantID: tenantID, source: source, kind: kind, externalID: externalID) }

    /// The title the search index reads.
    var indexedTitle: String { foldedTitle ?? title }

    /// The content the search index reads.
    var indexedContent: String { foldedContent ?? content }

    var updatedAtMicroseconds: Int64 { PostgresValues.microseconds(updatedAt) }

    /// Appends `(v1, v2, …)` with every value bound, in the order of the upsert's column list.
    func appendValues(to sql: inout PostgresQuery.StringInterpolation) throws {
        sql.appendLiteral("(")
        sql.appendInterpolation(tenantID)
        sql.appendLiteral(", ")
        sql.appendInterpolation(source)
        sql.appendLiteral(", ")
        sql.appendInterpolation(kind)
        sql.appendLiteral(", ")
        sql.appendInterpolation(externalID)
        sql.appendLiteral(", ")
        sql.appendInterpolation(title)
        sql.appendLiteral(", ")
        sql.appendInterpolation(url)
        sql.appendLiteral("::text, ")
        sql.appendInterpolation(createdAt)
        sql.appendLiteral(", ")
        sql.appendInterpolation(updatedAt)
        sql.appendLiteral(", ")
        sql.appendInterpolation(authors)
        sql.appendLiteral(", ")
        sql.appendInterpolation(tags)
        sql.appendLiteral(", ")
        sql.appendInterpolation(state)
        sql.appendLiteral("::text, ")
        sql.appendInterpolation(content)
        sql.appendLiteral(", ")
        sql.appendInterpolation(metadata)
        sql.appendLiteral(", ")
        try sql.appendInterpolation(rawPayload)
        sql.appendLiteral(", ")
        sql.appendInterpolation(contentHash)
        sql.appendLiteral(", ")
        // With a vector computed ahead, the texts it was computed from are not read again.
        sql.appendInterpolation(searchVector == nil ? foldedTitle : nil)
        sql.appendLiteral("::text, ")
        sql.appendInterpolation(searchVector == nil ? foldedContent : nil)
        sql.appendLiteral("::text, ")
        sql.appendInterpolation(searchVector)
        sql.appendLiteral("::tsvector)")
    }

    /// Reads an artifact from a row that has the columns of ``selectList`` (by name).
    static func artifact(from row: PostgresRow) throws -> Artifact {
        let columns = row.makeRandomAccess()
        let decoder = JSONDecoder()
        return Artifact(
            tenantID: try TenantID(columns["tenant_id"].decode(String.self)),
            source: DocumentSource(try columns["source"].decode(String.self)),
            kind: try columns["kind"].decode(String.self),
            externalID: try columns["external_id"].decode(String.self),
            title: try columns["title"].decode(String.self),
            url: try columns["url"].decode(String?.self),
            createdAt: try columns["created_at"].decode(Date.self),
            updatedAt: try columns["updated_at"].decode(Date.self),
            authors: try decoder.decode([ArtifactAuthor].self, from: Data(columns["authors"].decode(String.self).utf8)),
            tags: try decoder.decode([String].self, from: Data(columns["tags"].decode(String.self).utf8)),
            state: try columns["state"].decode(String?.self),
            content: try columns["content"].decode(String.self),
            metadata: try decoder.decode(
                [String: JSONValue].self,
                from: Data(columns["metadata"].decode(String.self).utf8)
            ),
            rawPayload: try columns["raw_payload"].decode(Data.self)
        )
    }
}
