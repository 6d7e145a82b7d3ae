import Foundation
import IngestSQLite

/// A fresh SQLite file in a temporary directory, removed when the test ends.
enum TemporarySQLite {
    static func withDatabase<Value>(_ body: (SQLiteDatabase) async throws -> Value) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ingest-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("test.sqlite").path)
        return try await body(database)
    }
}
