import Logging
import PostgresNIO
import Synchronization

/// Makes sure the `artifacts` table has planner statistics once it has rows.
///
/// Until a table is first analyzed, PostgreSQL plans with default selectivities, and for the store's
/// lookup of a page's stored versions (`(tenant_id, source, kind, external_id) IN (…)`) it then
/// prefers the smaller `(tenant_id, source, id)` index to the unique key's, filtering every row of
/// the tenant for each artifact looked up: a first backfill on a new database slowed down as it
/// grew (233 conversations/s where an analyzed table takes 930; `perf` showed `heap_hot_search_buffer`
/// and `texteq` in `_bt_checkkeys`). Autovacuum analyzes the table only after its first minute. With
/// statistics the unique key is chosen, for new tenants too. So after a page adds rows, the store
/// checks once per process whether the table has statistics and, if not, runs `ANALYZE artifacts`
/// (a few milliseconds on a young table).
final class PlannerStatistics: Sendable {
    private let known = Mutex(false)

    /// Analyzes `artifacts` if it has no statistics yet; checks once per process. Never fails: a
    /// failure is logged, and autovacuum analyzes the table later anyway.
    func ensureCollected(on database: PostgresDatabase) async {
        guard !known.withLock({ $0 }) else { return }
        // Checked once, whatever the outcome.
        defer { known.withLock { $0 = true } }
        do {
            let rows = try await database.client.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM pg_stats
                    WHERE schemaname = current_schema() AND tablename = 'artifacts' AND attname = 'external_id'
                )
                """,
                logger: database.logger
            ).collect()
            if try rows.first?.decode(Bool.self) != true {
                try await database.client.query("ANALYZE artifacts", logger: database.logger)
                database.logger.debug("collected planner statistics of the artifacts table")
            }
        } catch {
            database.logger.warning(
                "could not collect planner statistics of the artifacts table; autovacuum will",
                metadata: ["error": "\(String(reflecting: error).prefix(300))"]
            )
        }
    }
}
