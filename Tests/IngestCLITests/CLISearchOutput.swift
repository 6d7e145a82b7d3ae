import Foundation

/// Reads what `ingest search --json` prints: `{"query": …, "took_ms": …, "hits": […]}`.
enum CLISearchOutput {
    static func object(_ stdout: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }

    static func hits(_ stdout: String) -> [[String: Any]]? {
        object(stdout)?["hits"] as? [[String: Any]]
    }

    static func tookMilliseconds(_ stdout: String) -> Double? {
        (object(stdout)?["took_ms"] as? NSNumber)?.doubleValue
    }
}
