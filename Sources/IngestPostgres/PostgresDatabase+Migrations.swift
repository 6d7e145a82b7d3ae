import Foundation
import PostgresNIO

extension PostgresDatabase {
    /// One schema change, applied once and recorded in `ingest_migrations`.
    struct Migration: Sendable {
        var id: String
        var statements: [PostgresQuery]
    }

    /// Append-only: a landed migration is never edited; changes come as new migrations at the end.
    static let migrations: [Migration] = [
        Migration(
            id: "v1-artifacts-and-index",
            statements: [
                """
                CREATE TABLE artifacts (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    tenant_id text NOT NULL,
                    source text NOT NULL,
                    kind text NOT NULL,
                    external_id text NOT NULL,
                    title text NOT NULL,
                    url text,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    authors text NOT NULL,
                    tags text NOT NULL,
                    state text,
                    content text NOT NULL,
                    metadata text NOT NULL,
                    raw_payload bytea NOT NULL,
                    content_hash text NOT NULL,
                    stored_at timestamptz NOT NULL,
                    needs_indexing boolean NOT NULL DEFAULT true,
                    search_vector tsvector,
                    UNIQUE (tenant_id, source, kind, external_id)
                )
                """,
                "CREATE INDEX artifacts_tenant_source_id ON artifacts (tenant_id, source, id)",
                "CREATE INDEX artifacts_pending_index ON artifacts (tenant_id, source, id) WHERE needs_indexing",
                "CREATE INDEX artifacts_search ON artifacts USING gin (search_vector)",
            ]
        ),
        Migration(
            id: "v1-queue",
            statements: [
                """
                CREATE TABLE queue_messages (
                    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    id text NOT NULL UNIQUE,
                    queue text NOT NULL,
                    body bytea NOT NULL,
                    sent_at timestamptz NOT NULL,
                    visible_at timestamptz NOT NULL,
                    receive_count bigint NOT NULL DEFAULT 0,
                    receipt_handle text UNIQUE
                )
                """,
                "CREATE INDEX queue_messages_visible ON queue_messages (queue, visible_at, seq)",
                """
                CREATE TABLE dead_letters (
                    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    id text NOT NULL,
                    queue text NOT NULL,
                    body bytea NOT NULL,
                    reason text NOT NULL,
                    receive_count bigint NOT NULL,
                    sent_at timestamptz NOT NULL,
                    dead_lettered_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX dead_letters_queue ON dead_letters (queue, seq)",
            ]
        ),
        Migration(
            id: "v1-jobs-and-checkpoints",
            statements: [
                """
                CREATE TABLE jobs (
                    job_id text PRIMARY KEY,
                    tenant_id text NOT NULL,
                    source text NOT NULL,
                    config text NOT NULL,
                    status text NOT NULL,
                    counts text NOT NULL,
                    expected_total bigint,
                    error text,
                    attempts bigint NOT NULL,
                    created_at timestamptz NOT NULL,
                    started_at timestamptz,
                    finished_at timestamptz,
                    updated_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at)",
                "CREATE INDEX jobs_created ON jobs (created_at)",
                """
                CREATE TABLE job_item_issues (
                    job_id text NOT NULL,
                    external_id text NOT NULL,
                    kind text NOT NULL,
                    reason text NOT NULL,
                    PRIMARY KEY (job_id, external_id)
                )
                """,
                """
                CREATE TABLE checkpoints (
                    job_id text PRIMARY KEY,
                    tenant_id text NOT NULL,
                    source text NOT NULL,
                    cursor text,
                    position bigint NOT NULL,
                    counts text NOT NULL,
                    finished boolean NOT NULL,
                    updated_at timestamptz NOT NULL
                )
                """,
            ]
        ),
        Migration(
            id: "v3-sync-state-tombstones-schedules",
            statements: [
                "ALTER TABLE checkpoints ADD COLUMN mark text",
                """
                CREATE TABLE sync_state (
                    tenant_id text NOT NULL,
                    source text NOT NULL,
                    changes_mark text,
                    deletions_mark text,
                    last_sync_at timestamptz,
                    last_backfill_at timestamptz,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, source)
                )
                """,
                """
                CREATE TABLE tombstones (
                    tenant_id text NOT NULL,
                    source text NOT NULL,
                    kind text NOT NULL,
                    external_id text NOT NULL,
                    deleted_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, source, kind, external_id)
                )
                """,
                """
                CREATE TABLE connector_leases (
                    tenant_id text NOT NULL,
                    source text NOT NULL,
                    job_id text NOT NULL,
                    expires_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, source)
                )
                """,
                """
                CREATE TABLE schedules (
                    tenant_id text NOT NULL,
                    connector text NOT NULL,
                    every_seconds bigint NOT NULL,
                    next_due_at timestamptz NOT NULL,
                    last_enqueued_at timestamptz,
                    last_job_id text,
                    created_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, connector)
                )
                """,
                "CREATE INDEX schedules_due ON schedules (next_due_at)",
            ]
        ),
        // Large values (content, payloads, tsvectors) are compressed with lz4 instead of pglz, which cost
        // the database a tenth of its CPU on a backfill. Values already stored keep their compression
        // (both read back the same); a server built without lz4 keeps pglz.
        Migration(
            id: "v4-lz4-toast-compression",
            statements: [
                """
                DO $$
                BEGIN
                    ALTER TABLE artifacts ALTER COLUMN content SET COMPRESSION lz4,
                        ALTER COLUMN raw_payload SET COMPRESSION lz4,
                        ALTER COLUMN metadata SET COMPRESSION lz4,
                        ALTER COLUMN search_vector SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported THEN
                    RAISE NOTICE 'this PostgreSQL has no lz4: large values stay compressed with pglz';
                END $$
                """
            ]
        ),
    ]

    /// Applies the migrations this database has not seen yet, and returns their ids.
    ///
    /// Runs in one transaction under an advisory lock, so workers starting at once apply each migration
    /// exactly once; the others wait and find nothing to do. Creates the database's schema first when
    /// one was given. Safe to call on every start (`ingest migrate` calls it explicitly). Checks the
    /// connection first (see ``checkConnection()``), so a wrong URL fails fast with the reason.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await checkConnection()
        let lockName = "ingest_migrations:" + (schema ?? "")
        return try await transaction(doing: "run the migrations") { [logger, schema] connection in
            try await connection.rows("SELECT pg_advisory_xact_lock(hashtext(\(lockName)))", logger: logger)
            if let schema {
                // An identifier cannot be bound; the name was validated (letters, digits, '_') in init.
                try await connection.rows(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"),
                    logger: logger
                )
            }
            try await connection.rows(
                "CREATE TABLE IF NOT EXISTS ingest_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL)",
                logger: logger
            )
            var applied: Set<String> = []
            for try await id in try await connection.query("SELECT id FROM ingest_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(id)
            }
            var newlyApplied: [String] = []
            for migration in Self.migrations where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.rows(statement, logger: logger)
                }
                try await connection.rows(
                    "INSERT INTO ingest_migrations (id, applied_at) VALUES (\(migration.id), \(Date()))",
                    logger: logger
                )
                newlyApplied.append(migration.id)
            }
            if !newlyApplied.isEmpty {
                logger.info("applied PostgreSQL migrations", metadata: ["postgres.migrations": "\(newlyApplied)"])
            }
            return newlyApplied
        }
    }
}
