public import IngestCore
import Logging
import PostgresNIO

extension PostgresArtifactStore {
    /// True: pages are prepared (their vectors computed) while earlier pages are being stored.
    public var preparesPages: Bool { true }

    /// Flattens `artifacts` to their columns and computes, in one statement on a pooled connection, the
    /// `tsvector` of each one whose content differs from what is stored (the others would be
    /// `unchanged`). Takes no row lock and writes nothing, so it can run beside any transaction. Nil
    /// when it fails for any reason but cancellation: ``storePage(_:)`` then computes the vectors
    /// itself, and meets whatever was wrong in its own transaction.
    public func prepareArtifacts(_ artifacts: [Artifact]) async throws -> PreparedArtifacts? {
        guard !artifacts.isEmpty else { return nil }
        do {
            var rows = try artifacts.map(ArtifactColumns.init)
            let computed = try await database.query(Self.searchVectors(of: rows), doing: "compute search vectors")
            let vectors = try computed.enumerated().map { index, row in
                let (ordinal, vector) = try row.decode((Int64, SearchVector?).self)
                return ordinal == index + 1 ? vector : nil
            }
            guard vectors.count == rows.count else {
                database.logger.debug(
                    "preparing a page got another number of vectors; storing it computes them",
                    metadata: ["rows.expected": "\(rows.count)", "rows.got": "\(computed.count)"]
                )
                return nil
            }
            for index in rows.indices { rows[index].searchVector = vectors[index] }
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
