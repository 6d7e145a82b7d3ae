import Foundation
import Testing

@testable import IngestCore

/// The canonical form of strings must never change: it is what content hashes are computed over, so a
/// different escape would make every stored item look changed.
@Suite("Canonical JSON strings")
struct CanonicalStringTests {
    /// The byte-at-a-time writer the run-copying one replaced.
    static func reference(_ value: String) -> String {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        func hexDigit(_ value: UInt8) -> UInt8 {
            value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
        }
        var utf8 = value.utf8.makeIterator()
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0xF))
            case 0xE2:
                guard let second = utf8.next() else {
                    output.append(byte)
                    break
                }
                guard second == 0x80, let third = utf8.next() else {
                    output.append(byte)
                    output.append(second)
                    break
                }
                if third == 0xA8 || third == 0xA9 {
                    output.append(contentsOf: (third == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                } else {
                    output.append(contentsOf: [byte, second, third])
                }
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
        return String(decoding: output, as: UTF8.self)
    }

    @Test func stringsAreWrittenAsTheyAlwaysWere() {
        let pieces = [
            "a", "text ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}",
            "\u{202A}", "\u{2030}", "—", "…", "日本語", "مرحبا", "👩🏽‍💻", "\u{200D}", "é", "e\u{301}", "\u{FEFF}", "/",
        ]
        var state: UInt64 = 7
        for _ in 0..<5_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for shift in stride(from: 0, to: 50, by: 5) {
                text += pieces[Int((state >> UInt64(shift + 10)) % UInt64(pieces.count))]
            }
            #expect(JSONValue.string(text).canonicalString == Self.reference(text), "\(text.debugDescription)")
        }
        #expect(JSONValue.string("").canonicalString == #""""#)
    }
}
