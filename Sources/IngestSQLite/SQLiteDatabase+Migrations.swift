import Foundation
import GRDB

extension SQLiteDatabase {
    /// Append-only: a landed migration is never edited; changes come as new migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-artifacts-and-index") { db in
            try db.execute(
                sql: """
                    CREATE TABLE artifacts (
                        id INTEGER PRIMARY KEY,
                        tenant_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        title TEXT NOT NULL,
                        url TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        authors TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        state TEXT,
                        content TEXT NOT NULL,
                        metadata TEXT NOT NULL,
                        raw_payload BLOB NOT NULL,
                        content_hash TEXT NOT NULL,
                        stored_at REAL NOT NULL,
                        needs_indexing INTEGER NOT NULL DEFAULT 1,
                        UNIQUE (tenant_id, source, kind, external_id)
                    );
                    CREATE INDEX artifacts_pending_index ON artifacts (tenant_id, source) WHERE needs_indexing = 1;
                    CREATE VIRTUAL TABLE artifacts_fts USING fts5(
                        title, content, tokenize = 'unicode61 remove_diacritics 2'
                    );
                    """
            )
        }
        migrator.registerMigration("v1-queue") { db in
            try db.execute(
                sql: """
                    CREATE TABLE queue_messages (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        queue TEXT NOT NULL,
                        body BLOB NOT NULL,
                        sent_at REAL NOT NULL,
                        visible_at REAL NOT NULL,
                        receive_count INTEGER NOT NULL DEFAULT 0,
                        receipt_handle TEXT
                    );
                    CREATE INDEX queue_messages_visible ON queue_messages (queue, visible_at);
                    CREATE TABLE dead_letters (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL,
                        queue TEXT NOT NULL,
                        body BLOB NOT NULL,
                        reason TEXT NOT NULL,
                        receive_count INTEGER NOT NULL,
                        sent_at REAL NOT NULL,
                        dead_lettered_at REAL NOT NULL
                    );
                    CREATE INDEX dead_letters_queue ON dead_letters (queue, dead_lettered_at);
                    """
            )
        }
        migrator.registerMigration("v1-jobs-and-checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        job_id TEXT PRIMARY KEY,
                        tenant_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        config TEXT NOT NULL,
                        status TEXT NOT NULL,
                        counts TEXT NOT NULL,
                        expected_total INTEGER,
                        error TEXT,
                        attempts INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        started_at REAL,
                        finished_at REAL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at);
                    CREATE INDEX jobs_created ON jobs (created_at);
                    CREATE TABLE job_item_issues (
                        job_id TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (job_id, external_id)
                    );
                    CREATE TABLE checkpoints (
                        job_id TEXT PRIMARY KEY,
                        tenant_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        cursor TEXT,
                        position INTEGER NOT NULL,
                        counts TEXT NOT NULL,
                        finished INTEGER NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2-search-tenant-index") { db in
            // Search ranks every match of a query and keeps a tenant's: this index answers "whose is
            // row N" without reading the (large) artifact rows.
            try db.execute(sql: "CREATE INDEX artifacts_id_tenant ON artifacts (id, tenant_id)")
        }
        migrator.registerMigration("v3-sync-state-tombstones-schedules") { db in
            try db.execute(
                sql: """
                    ALTER TABLE checkpoints ADD COLUMN mark TEXT;
                    CREATE TABLE sync_state (
                        tenant_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        changes_mark TEXT,
                        deletions_mark TEXT,
                        last_sync_at REAL,
                        last_backfill_at REAL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (tenant_id, source)
                    );
                    CREATE TABLE tombstones (
                        tenant_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        deleted_at REAL NOT NULL,
                        PRIMARY KEY (tenant_id, source, kind, external_id)
                    );
                    CREATE TABLE connector_leases (
                        tenant_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        job_id TEXT NOT NULL,
                        expires_at REAL NOT NULL,
                        PRIMARY KEY (tenant_id, source)
                    );
                    CREATE TABLE schedules (
                        tenant_id TEXT NOT NULL,
                        connector TEXT NOT NULL,
                        every_seconds INTEGER NOT NULL,
                        next_due_at REAL NOT NULL,
                        last_enqueued_at REAL,
                        last_job_id TEXT,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (tenant_id, connector)
                    );
                    CREATE INDEX schedules_due ON schedules (next_due_at);
                    """
            )
        }
        migrator.registerMigration("v4-external-content-index-compressed-payloads") { db in
            // The index refers to the artifacts' own title and content instead of holding a second
            // copy (an artifact is in the index exactly when needs_indexing = 0; the store removes it
            // with its indexed values before changing them), and raw payloads are zlib-compressed.
            try db.execute(
                sql: """
                    ALTER TABLE artifacts ADD COLUMN raw_payload_encoding TEXT;
                    ALTER TABLE artifacts ADD COLUMN raw_payload_size INTEGER;
                    DROP TABLE artifacts_fts;
                    CREATE VIRTUAL TABLE artifacts_fts USING fts5(
                        title, content, content = 'artifacts', content_rowid = 'id',
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    INSERT INTO artifacts_fts (rowid, title, content)
                        SELECT id, title, content FROM artifacts WHERE needs_indexing = 0;
                    """
            )
            let compress = try db.makeStatement(
                sql: "UPDATE artifacts SET raw_payload = ?, raw_payload_encoding = ?, raw_payload_size = ? WHERE id = ?"
            )
            var afterID: Int64 = 0
            while true {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, raw_payload FROM artifacts
                        WHERE id > ? AND raw_payload_encoding IS NULL ORDER BY id LIMIT 500
                        """,
                    arguments: [afterID]
                )
                guard let last = rows.last else { break }
                // zlib, as when this migration landed (migrations do what they did; new writes use zstd).
                let compressor = try ValueCompressor(encoding: PayloadCompression.zlib)
                for row in rows {
                    let payload: Data = row["raw_payload"]
                    try compress.execute(arguments: [
                        try compressor.compress(payload), compressor.encoding, payload.count,
                        row["id"] as Int64,
                    ])
                }
                afterID = last["id"]
            }
        }
        migrator.registerMigration("v5-compressed-content-indexed-as-stored") { db in
            // Artifact content (the transcript) is zlib-compressed like the raw payload; the index reads
            // it through the `artifacts_text` view, which inflates it with `ingest_text` (registered on
            // every connection). The store now indexes what it writes, in the same transaction.
            try db.execute(
                sql: """
                    ALTER TABLE artifacts ADD COLUMN content_encoding TEXT;
                    ALTER TABLE artifacts ADD COLUMN content_size INTEGER;
                    DROP TABLE artifacts_fts;
                    CREATE VIEW artifacts_text (id, title, content) AS
                        SELECT id, title, ingest_text(content, content_encoding, content_size) FROM artifacts;
                    CREATE VIRTUAL TABLE artifacts_fts USING fts5(
                        title, content, content = 'artifacts_text', content_rowid = 'id',
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    """
            )
            let compress = try db.makeStatement(
                sql: "UPDATE artifacts SET content = ?, content_encoding = ?, content_size = ? WHERE id = ?"
            )
            let add = try db.makeStatement(sql: "INSERT INTO artifacts_fts (rowid, title, content) VALUES (?, ?, ?)")
            var afterID: Int64 = 0
            while true {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, title, content, needs_indexing FROM artifacts
                        WHERE id > ? AND content_encoding IS NULL ORDER BY id LIMIT 500
                        """,
                    arguments: [afterID]
                )
                guard let last = rows.last else { break }
                // zlib, as when this migration landed (migrations do what they did; new writes use zstd).
                let compressor = try ValueCompressor(encoding: PayloadCompression.zlib)
                for row in rows {
                    let id: Int64 = row["id"]
                    let text: String = row["content"]
                    let column = try StoredText.column(for: text, compressor: compressor)
                    try compress.execute(arguments: [column.value, column.encoding, column.size, id])
                    // What was indexed is indexed again (with the same text); what waited still waits.
                    if row["needs_indexing"] as Int == 0 {
                        try add.execute(arguments: [id, row["title"] as String, text])
                    }
                }
                afterID = last["id"]
            }
        }
        return migrator
    }
}
