import IngestCore

/// The pieces every connector's transcript is made of, written the same way for all of them: times,
/// file sizes, one-line names and titles.
public enum TranscriptFormatting {
    /// `YYYY-MM-DD HH:MM UTC` (civil-from-days, no calendar objects: this runs for every message).
    public static func timestamp(_ seconds: Int64) -> String {
        let time = CivilTime(unixSeconds: seconds)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute)) UTC"
    }

    /// `812 B`, `48 KB`, `2.5 MB`.
    public static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KB" }
        return "\((bytes * 10 / (1024 * 1024))/10).\((bytes * 10 / (1024 * 1024)) % 10) MB"
    }

    /// Collapses newlines and limits length (cut at a word, with `…`), for headings and titles.
    public static func oneLine(_ text: String, limit: Int = 120) -> String {
        let flat = text.split(whereSeparator: { $0.isNewline }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            .joined(separator: " ")
        guard flat.count > limit else { return flat }
        var cut = flat.prefix(limit - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = cut[..<space]
        }
        return cut.trimmingSpaces + "…"
    }
}
