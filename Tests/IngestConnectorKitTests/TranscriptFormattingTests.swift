import Testing

@testable import IngestConnectorKit

@Suite("Transcript formatting")
struct TranscriptFormattingTests {
    /// The split-everything version `oneLine` replaced; headings and titles may not change with it.
    static func reference(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: { $0.isNewline }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            .joined(separator: " ")
        guard flat.count > limit else { return flat }
        var cut = flat.prefix(limit - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = cut[..<space]
        }
        return cut.trimmingSpaces + "…"
    }

    @Test func oneLineGivesWhatItAlwaysGave() {
        let pieces = [
            "word", "日本語の文", " ", "  ", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
            "\u{3000}", "\u{A0}", "\u{301}", "e\u{301}", "👩🏽‍💻", "—", "a b c", String(repeating: "x", count: 70),
            String(repeating: "長", count: 50), "\t", "\u{E33}",
        ]
        var state: UInt64 = 11
        for round in 0..<6_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for shift in stride(from: 0, to: 40, by: 4) {
                text += pieces[Int((state >> UInt64(shift + 12)) % UInt64(pieces.count))]
            }
            let limit = [10, 40, 80, 120][round % 4]
            #expect(
                TranscriptFormatting.oneLine(text, limit: limit) == Self.reference(text, limit: limit),
                "\(text.debugDescription) limit \(limit)"
            )
        }
    }
}
