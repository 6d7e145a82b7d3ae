import Foundation

/// A position in the cursor export's order, (generated_timestamp, id), and its opaque text:
/// base64 of `"<generated_timestamp>.0||<id>|"`, as Zendesk's example cursors decode.
struct ExportCursor: Sendable, Hashable, Comparable {
    var generatedTimestamp: Int64
    var id: Int64

    static func < (lhs: ExportCursor, rhs: ExportCursor) -> Bool {
        (lhs.generatedTimestamp, lhs.id) < (rhs.generatedTimestamp, rhs.id)
    }

    /// The position just before every ticket whose `generated_timestamp` is `startTime` or later (ids
    /// start at 1): what a `start_time` request pages after.
    init(startTime: Int64) {
        self.init(generatedTimestamp: startTime, id: 0)
    }

    init(generatedTimestamp: Int64, id: Int64) {
        self.generatedTimestamp = generatedTimestamp
        self.id = id
    }

    /// Parses a cursor; nil when it is not one of ours. A `+` turned into a space by form decoding is
    /// taken back, and missing padding is tolerated.
    init?(text: String) {
        guard let decoded = Self.decodedBase64(text) else { return nil }
        let parts = decoded.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1].isEmpty, parts[3].isEmpty, let id = Int64(parts[2]) else { return nil }
        var time = parts[0]
        if time.hasSuffix(".0") { time = time.dropLast(2) }
        guard let timestamp = Int64(time) else { return nil }
        self.init(generatedTimestamp: timestamp, id: id)
    }

    var text: String {
        Data("\(generatedTimestamp).0||\(id)|".utf8).base64EncodedString()
    }

    /// The UTF-8 text of a base64 cursor, or nil. A `+` turned into a space by form decoding is taken
    /// back, URL-safe letters are accepted and missing padding is tolerated.
    static func decodedBase64(_ text: String) -> String? {
        var base64 = text.replacingOccurrences(of: " ", with: "+")
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
