import Foundation
import IngestCore
import Testing

/// The byte parser gives the values `JSONDecoder` gives, and refuses what is not JSON with the offset.
@Suite("JSONValue(parsing:)")
struct JSONValueParsingTests {
    static func decoded(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func parsed(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Data(text.utf8))
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-0.5e3,"g":1E-2,"h":0}"#,
        #"  [ 1 , 2.25 , -3 , 1e2 , "x" ]  "#,
        #""\"\\\/\b\f\n\r\t \u00e9 \u65e5\u672c \ud83d\udc4d\ud83c\udffd""#,
        #"{"emoji":"👩🏽‍💻 مرحبا שלום 日本語 \u200b\u200f","html":"<p dir=\"auto\">a &amp; b</p>"}"#,
        #"{"big":9007199254740993,"id":8929981612030,"tiny":5e-324,"neg":-1.7976931348623157e308}"#,
        "[]", "{}", "\"\"", "0", "-0", "null", "true",
    ])
    func givesTheValuesJSONDecoderGives(_ text: String) throws {
        #expect(try Self.parsed(text) == Self.decoded(text))
    }

    @Test func everyIntercomExampleParsesAsJSONDecoderDecodesIt() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../IntercomConnectorTests/Fixtures/intercom-conversation-examples.json")
        let data = try Data(contentsOf: fixture)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(try JSONValue(parsing: data) == decoded)
        // Each example on its own, re-serialised both ways.
        let examples = decoded.arrayValue ?? decoded.objectValue.map { Array($0.values) } ?? []
        #expect(!examples.isEmpty)
        for example in examples {
            let bytes = Data(example.canonicalString.utf8)
            #expect(try JSONValue(parsing: bytes) == JSONDecoder().decode(JSONValue.self, from: bytes))
        }
    }

    @Test func randomDocumentsRoundTripThroughEitherDecoder() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let pieces = ["a", "é", "日本", "👍🏾", "\"", "\\", "\n", "\u{1}", "\u{200B}", "مرحبا", "<b>&amp;</b>", "\u{FEFF}"]
        func value(_ depth: Int) -> JSONValue {
            switch next() % (depth > 4 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(next() % 2 == 0)
            case 2: return .number(Double(Int64(bitPattern: next() << 11) >> 20) / Double(1 + next() % 1_000))
            case 3:
                return .string((0..<Int(next() % 8)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined())
            case 4: return .array((0..<Int(next() % 5)).map { _ in value(depth + 1) })
            default:
                return .object(
                    Dictionary(
                        (0..<Int(next() % 5)).map { _ in ("k\(next() % 50)", value(depth + 1)) },
                        uniquingKeysWith: { $1 }
                    )
                )
            }
        }
        for _ in 0..<500 {
            let document = value(0)
            let bytes = try JSONEncoder().encode(document)
            #expect(try JSONValue(parsing: bytes) == JSONDecoder().decode(JSONValue.self, from: bytes))
            #expect(try JSONValue(parsing: Data(document.canonicalString.utf8)) == document)
        }
    }

    /// Strings are scanned eight bytes at a time: an escape, the closing quote or a control character
    /// is found wherever it falls in a word, before and after escapes.
    @Test func escapesAndTheClosingQuoteAreFoundAtEveryOffset() throws {
        let specials = [#"\""#, #"\\"#, #"\n"#, #"\/"#, #"\u00e9"#, #"\ud83d\ude00"#, "é", "👩🏽‍💻", "\u{200F}", ""]
        for filler in ["abcdefghijklmnopqrstuvwxyz0123456789", "注文番号の商品がまだ届いていませんмир"] {
            for special in specials {
                for offset in 0..<20 {
                    let body = String(filler.prefix(offset)) + special + String(filler.dropFirst(offset))
                    for text in ["\"\(body)\"", "[\"\(body)\(special)\",\"\(special)\"]"] {
                        #expect(try Self.parsed(text) == Self.decoded(text), "\(text)")
                    }
                    // A raw control character is refused wherever it is.
                    let control = "\"" + String(filler.prefix(offset)) + special + "\u{1}" + filler + "\""
                    #expect(throws: JSONParseError.self) { try Self.parsed(control) }
                    // So is a string that never ends.
                    #expect(throws: JSONParseError.self) { try Self.parsed("\"" + body + special) }
                }
            }
        }
    }

    @Test func anUnpairedSurrogateBecomesTheReplacementCharacterAndTheLastRepeatedKeyWins() throws {
        #expect(try Self.parsed(#""a\ud83db""#) == .string("a\u{FFFD}b"))
        #expect(try Self.parsed(#""\udc4d""#) == .string("\u{FFFD}"))
        #expect(try Self.parsed(#"{"a":1,"a":2}"#) == .object(["a": 2]))
    }

    @Test(arguments: [
        ("", 0), ("{", 1), (#"{"a":1,}"#, 7), ("[1,]", 3), ("01", 1), ("-", 1), ("1.", 2), ("1e", 2),
        (#""abc"#, 4), ("\"a\u{01}b\"", 2), (#""\x""#, 3), ("nul", 0), ("[1] 2", 4), ("1e400", 0), ("+1", 0),
        (#"{"a" 1}"#, 5), ("NaN", 0),
    ])
    func whatIsNotJSONIsRefusedWithTheOffset(_ text: String, _ offset: Int) {
        do {
            _ = try JSONValue(parsing: Data(text.utf8))
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() throws {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Data([0x22, 0xFF, 0xFE, 0x22])) }
        // Invalid UTF-8 whose repair would be as long as the input (a 4-byte sequence cut after three
        // bytes becomes one 3-byte U+FFFD), an encoded surrogate, an overlong form; with and without escapes.
        for invalid: [UInt8] in [[0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x61, 0xE2, 0x82]] {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: Data([0x22] + invalid + [0x22])) }
            #expect(throws: JSONParseError.self) {
                try JSONValue(parsing: Data([0x22, 0x5C, 0x6E] + invalid + [0x22]))
            }
        }
        #expect(try JSONValue(parsing: Data("\"日本語 😀 ok\"".utf8)) == .string("日本語 😀 ok"))
        #expect(try JSONValue(parsing: Data("\"\"".utf8)) == .string(""))
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try Self.parsed(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try Self.parsed(fine) }
    }
}
