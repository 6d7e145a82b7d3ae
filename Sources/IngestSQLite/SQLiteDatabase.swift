import Foundation
public import GRDB

/// One SQLite file holding the embedded backends: queue, artifacts, search index, checkpoints and
/// job records. Opened in WAL mode so a CLI and workers in other processes can share it.
public final class SQLiteDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public init(path: String) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        // Other processes hold the write lock for one transaction at a time: wait rather than fail.
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            Self.addFunctions(to: db)
            if db.configuration.readonly {
                // Readers (search above all) read through a memory map: no read syscall per page of
                // the index's posting lists. The writer keeps plain I/O, so a worker's memory stays
                // its own (mapped pages would count in its resident size).
                try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw SQLiteStorageError(
                "cannot open the SQLite database at \(path): \(error.message ?? "\(error.resultCode)")"
            )
        }
    }

    /// Registers the SQL functions the schema uses on `db` (a connection opened by other code, such
    /// as a read-only one): `ingest_text`, through which the `artifacts_text` view and the full-text
    /// index read artifact content, stored compressed; and `ingest_rank`, search's ranking.
    public static func addFunctions(to db: Database) {
        db.add(function: StoredText.function)
        SearchRank.register(on: db)
    }

    /// Parses `sqlite:PATH` (also `sqlite://PATH` and `sqlite:///abs/path`) into a file path.
    public static func path(fromURL url: String) -> String? {
        guard url.hasPrefix("sqlite:") else { return nil }
        var rest = String(url.dropFirst("sqlite:".count))
        if rest.hasPrefix("//") { rest = String(rest.dropFirst(2)) }
        return rest.isEmpty ? nil : rest
    }
}

/// A storage failure with a message that names the database, never a bound value.
public struct SQLiteStorageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
