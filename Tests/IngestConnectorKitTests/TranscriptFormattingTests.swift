import IngestCore
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
            // Lines longer than any limit, with spaces to cut at, marks and trailing blanks.
            String(repeating: "ab ", count: 60), String(repeating: "ж", count: 130) + "\u{301}",
            String(repeating: "x", count: 121) + String(repeating: " ", count: 30), "\u{200D}👍🏾",
            // A prepended mark takes the joining space, which a combining mark then joins too.
            "\u{600}", "abcdefghi\u{600}\n\u{301}\nx",
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
        // Two Characters lost at one joining space: U+0600 takes the space, the accent joins both.
        let merging = "abcdefghi\u{600}\n\u{301}\nx"
        #expect(TranscriptFormatting.oneLine(merging, limit: 10) == Self.reference(merging, limit: 10))
        #expect(TranscriptFormatting.oneLine(merging, limit: 10) == "abcdefghi…")
    }
}

extension TranscriptFormattingTests {
    /// Names as headings show them: one line already, in any script, kept as they are; with
    /// whitespace or a mark at an end, trimmed as before.
    @Test func namesInEveryScriptGiveWhatTheyAlwaysGave() {
        let names = [
            "Дмитрий Иванова", "محمد الأحمد", "王小明", "佐藤 ゆき", "김민준", "דוד כהן", "Zoë", "Ann 👩🏽‍💻", "👍🏾 Bob",
            "Ann\u{3000}", "\u{3000}Ann", "Ann\u{A0}", "\u{A0}Ann", "Ann \u{301}", "Ann\u{301}", "\u{301}Ann",
            "Ann\u{200D}",
            "Ann\u{1F3FD}", "กำ", "ກຳ", "Ann\u{E33}", "Ann\u{2028}Bo", "Ann\u{85}Bo", "Анна\u{2029}", "a", "é",
            "\u{3000}",
            String(repeating: "長", count: 45), String(repeating: "Ж", count: 70), "मनोज", "क्षि", "\u{1100}\u{1161}",
            // Titles at the limit, counted in Characters however many bytes and scalars they take.
            String(repeating: "長", count: 120), String(repeating: "長", count: 121), String(repeating: "Ж", count: 80),
            String(repeating: "👩🏽‍💻", count: 30), String(repeating: "👩🏽‍💻", count: 31),
            String(repeating: "e\u{301}", count: 70),
            String(repeating: "長", count: 119) + "👍🏾", String(repeating: "ل", count: 39) + "\u{200F}",
        ]
        for name in names {
            for limit in [10, 40, 80, 120] {
                #expect(
                    TranscriptFormatting.oneLine(name, limit: limit) == Self.reference(name, limit: limit),
                    "\(name.debugDescription) limit \(limit)"
                )
            }
        }
    }

    /// The ranges read without property lookups hold no whitespace, mark, joiner or emoji modifier.
    @Test func plainLettersNeedNoPropertyLookup() {
        var checked = 0
        for value in UInt32(0)...0x2_0000 {
            guard let scalar = Unicode.Scalar(value), HTMLText.neverStartsOrExtendsWhitespace(scalar) else { continue }
            let properties = scalar.properties
            #expect(!properties.isWhitespace && !properties.isGraphemeExtend && !properties.isEmojiModifier)
            #expect(properties.generalCategory != .spacingMark && ![0x200D, 0x0E33, 0x0EB3].contains(value))
            checked += 1
        }
        #expect(checked > 33_000)
    }

    @Test func timestampsAreWrittenAsBefore() {
        func reference(_ seconds: Int64) -> String {
            let time = CivilTime(unixSeconds: seconds)
            func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute)) UTC"
        }
        var seconds: [Int64] = [0, 1, 59, 60, 1_759_229_160, 951_782_400, 4_102_444_800, -1, -62_135_596_800]
        seconds += [253_402_300_799, 253_402_300_800, -30_610_224_000, -30_610_224_001]
        var state: UInt64 = 5
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seconds.append(Int64(bitPattern: state >> 26) - 68_719_476_736)
        }
        for value in seconds {
            #expect(TranscriptFormatting.timestamp(value) == reference(value), "\(value)")
        }
        #expect(TranscriptFormatting.timestamp(1_759_229_160) == "2025-09-30 10:46 UTC")
    }
}
