import Foundation
import IngestSQLite
import Synchronization

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

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Double>
    init(_ start: Double = 1_000_000) { time = Mutex(start) }
    var now: Double { time.withLock { $0 } }
    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
}
