import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs one statement in a transaction and collects its rows.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}
