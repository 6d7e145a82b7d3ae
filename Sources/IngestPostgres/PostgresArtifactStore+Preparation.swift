public import IngestCore
import Logging
import PostgresNIO

extension PostgresArtifactStore {
    public var preparesPages: Bool { true }

    /// Flattens `artifacts` to their columns and computes, in one statement on a pooled connection, the
    /// `tsvector` of each one whose content differs from what is stored (the others would be
    /// `unchanged`). Takes no lock and writes nothing, so it can run beside any transaction. Nil when
    /// it fails for any reason but cancellation: ``storePage(_:)`` then computes the vectors itself,
    /// and meets whatever was wrong in its own transaction.
    public func prepareArtifacts(_ artifacts: [Artifact]) async throws -> PreparedArtifacts? {
        guard !artifacts.isEmpty else { return nil }
        do {
            var rows = try artifacts.map(ArtifactColumns.init)
            let computed = try await database.query(Self.searchVectors(of: rows), doing: "compute search vectors")
            guard computed.count == rows.count else { return nil }
            for (index, row) in computed.enumerated() {
                let (ordinal, vector) = try row.decode((Int64, SearchVector?).self)
                guard ordinal == index + 1 else { return nil }
                rows[index].searchVector = vector
            }
            return PreparedArtifacts(PreparedRows(artifacts: artifacts, rows: rows))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            database.logger.debug(
                "preparing a page failed; storing it computes its search vectors",
                metadata: ["error": "\(error)"]
            )
            return nil
        }
    }

    /// The vector of each of `rows`, in order, null where the stored row has the same content hash.
    static func searchVectors(of rows: [ArtifactColumns]) -> PostgresQuery {
        """
        SELECT v.n, CASE WHEN (
            SELECT a.content_hash FROM artifacts a
            WHERE a.tenant_id = v.tenant_id AND a.source = v.source AND a.kind = v.kind
                AND a.external_id = v.external_id
        ) = v.content_hash THEN NULL ELSE \(unescaped: PostgresSearchIndex.searchVector(title: "v.title", content: "v.content")) END
        FROM unnest(\(rows.map(\.tenantID))::text[], \(rows.map(\.source))::text[], \(rows.map(\.kind))::text[],
            \(rows.map(\.externalID))::text[], \(rows.map(\.contentHash))::text[], \(rows.map(\.indexedTitle))::text[],
            \(rows.map(\.indexedContent))::text[])
            WITH ORDINALITY AS v (tenant_id, source, kind, external_id, content_hash, title, content, n)
        ORDER BY v.n
        """
    }
}

/// A page's artifacts flattened to their columns, with the vectors computed ahead of the write.
struct PreparedRows: Sendable {
    /// The artifacts they were made of (arrays share their storage: not a copy).
    var artifacts: [Artifact]
    var rows: [ArtifactColumns]

    /// The columns of `artifacts`: the prepared ones when `prepared` was made of exactly these
    /// artifacts (same keys and content, in the same order), else flattened now, without vectors.
    static func rows(of artifacts: [Artifact], prepared: PreparedArtifacts?) throws -> [ArtifactColumns] {
        if let prepared = prepared?.content as? PreparedRows, prepared.rows.count == artifacts.count,
            prepared.artifacts.count == artifacts.count,
            zip(prepared.artifacts, artifacts).allSatisfy({ $0.key == $1.key && $0.contentHash == $1.contentHash })
        {
            return prepared.rows
        }
        return try artifacts.map(ArtifactColumns.init)
    }
}
