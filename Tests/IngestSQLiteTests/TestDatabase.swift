import Foundation
import IngestSQLite

/// A fresh SQLite file in a temporary directory, removed when the test ends.
final class TestDatabase: Sendable {
    let directory: URL
    let database: SQLiteDatabase

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try SQLiteDatabase(path: directory.appendingPathComponent("test.sqlite").path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}
