import Foundation
import IngestCore
import Testing

/// `readObject(copyingInto:omitting:)` copies an object as received, less the members it omits, and
/// reads it as `readObject` does; `readStringRepairing` keeps damaged text.
@Suite("JSONReader copying and repairing")
struct JSONReaderCopyingTests {
    /// Copies the top object of `json` less the members named in `omitted`, and the keys seen.
    static func copy(_ json: String, omitting omitted: [StaticString]) throws -> (copy: String?, keys: [String]) {
        let (output, keys) = try copy(Data(json.utf8), omitting: omitted)
        return (output.map { String(decoding: $0, as: UTF8.self) }, keys)
    }

    /// The copy's bytes (nil when the value is not an object, having checked nothing was copied).
    static func copy(_ json: Data, omitting omitted: [StaticString]) throws -> (copy: [UInt8]?, keys: [String]) {
        var output: [UInt8] = []
        var keys: [String] = []
        let isObject = try JSONReader.read(json) { reader in
            try reader.readObject(copyingInto: &output, omitting: omitted) { key, _ in
                keys.append(key.string)
            }
        }
        #expect(isObject || output.isEmpty)
        return (isObject ? output : nil, keys)
    }

    @Test(
        arguments: [
            // (document, omitted keys, expected copy)
            (#"{"a":1,"b":{"c":[1, 2]},"d":"x"}"#, ["b"], #"{"a":1,"d":"x"}"#),
            (#"{"a":1,"b":2}"#, ["a"], #"{"b":2}"#),
            (#"{"a":1,"b":2}"#, ["b"], #"{"a":1}"#),
            (#"{"a":1,"b":2}"#, ["a", "b"], #"{}"#),
            (#"{}"#, [], #"{}"#),
            (#"{ }"#, ["a"], #"{}"#),
            // Whitespace inside a member and number text are kept; between members it is not.
            ("{ \"a\" :\n 1.50e3 ,\t\"b\": [ true , null ] }", [], "{\"a\" :\n 1.50e3,\"b\": [ true , null ]}"),
            // A key written with escapes is omitted by its text, and copied as written when kept.
            (#"{"\u006detadata":{"ip":"203.0.113.9"},"n\u00e4me":"ß"}"#, ["metadata"], #"{"n\u00e4me":"ß"}"#),
            // A repeated key is copied each time (a reader keeps one), or omitted each time.
            (#"{"a":1,"a":2,"m":3,"m":4}"#, ["m"], #"{"a":1,"a":2}"#),
            (#"{"a":"\ud83d\ude00 \"q\" \\","b":1}"#, ["b"], #"{"a":"\ud83d\ude00 \"q\" \\"}"#),
        ] as [(String, [StaticString], String)]
    )
    func copiesTheObjectLessTheOmittedMembers(json: String, omitted: [StaticString], expected: String) throws {
        let (copy, _) = try Self.copy(json, omitting: omitted)
        #expect(copy == expected)
        // The copy is JSON, and the same object less the omitted members as a parser reads it.
        let original = try #require(try JSONValue(parsing: Data(json.utf8)).objectValue)
        let copied = try JSONValue(parsing: Data((copy ?? "").utf8))
        let names = Set(omitted.map { "\($0)" })
        #expect(copied == .object(original.filter { !names.contains($0.key) }))
    }

    @Test func membersAreReadAsReadObjectReadsThem() throws {
        let (_, keys) = try Self.copy(#"{"a":1,"b":{"a":2},"a":3,"c":[]}"#, omitting: ["b"])
        // Every member is offered (a repeated key's later value is skipped only once the first was read).
        #expect(keys == ["a", "b", "a", "c"])
        var first: Int64?
        var output: [UInt8] = []
        _ = try JSONReader.read(Data(#"{"a":1,"a":3}"#.utf8)) { reader in
            try reader.readObject(copyingInto: &output, omitting: []) { key, reader in
                if key == "a" { first = try reader.readInt64() }
            }
        }
        #expect(first == 1)
        #expect(String(decoding: output, as: UTF8.self) == #"{"a":1,"a":3}"#)
    }

    @Test(arguments: [#"[1,2]"#, #""text""#, "12", "null", "true"])
    func anotherValueIsSkippedAndNothingCopied(json: String) throws {
        let (copy, keys) = try Self.copy(json, omitting: [])
        #expect(copy == nil && keys.isEmpty)
    }

    @Test(arguments: [#"{"a":1,}"#, #"{"a" 1}"#, #"{"a":1"#, #"{"a":[1,]}"#, #"{"a":tru}"#])
    func aDocumentThatIsNotJSONIsRefused(json: String) {
        #expect(throws: JSONParseError.self) { _ = try Self.copy(json, omitting: []) }
    }

    /// Text that is not JSON's (invalid UTF-8, a raw control character), in a member read or skipped,
    /// at any depth, makes the copy the object's members parsed with that text repaired: still JSON,
    /// still without the omitted members.
    @Test(arguments: [
        [UInt8](#"{"keep":"a","skip":{"deep":["x"#.utf8) + [0xFF] + Array(#""]},"omit":1}"#.utf8),
        [UInt8](#"{"keep":"a","skip":"tab"#.utf8) + [0x09] + Array(#"here","omit":1}"#.utf8),
        [UInt8](#"{"keep":"a","read":"bad "#.utf8) + [0xC3, 0x28] + Array(#"","omit":1}"#.utf8),
        [UInt8](#"{"keep":"a","omit":"only here "#.utf8) + [0xFF] + Array(#"","k\u00e9y":2}"#.utf8),
        [UInt8](#"{"omit":1,"keep":"\ud800 lone","n":1.50}"#.utf8),
    ])
    func damagedTextMakesARepairedCanonicalCopy(bytes: [UInt8]) throws {
        var output: [UInt8] = []
        var read: String?
        _ = try JSONReader.read(Data(bytes)) { reader in
            try reader.readObject(copyingInto: &output, omitting: ["omit"]) { key, reader in
                if key == "read" { read = try reader.readStringRepairing() }
            }
        }
        let copied = try #require(try JSONValue(parsing: Data(output)).objectValue)
        #expect(copied["omit"] == nil)
        #expect(copied["keep"] != nil)
        #expect(copied.keys.count >= 2)
        if let read { #expect(copied["read"] == .string(read) && read.contains("\u{FFFD}")) }
        // The same document without damage is copied as received.
        let clean = try Self.copy(#"{"keep":"a","skip":{"deep":["x"]},"omit":1}"#, omitting: ["omit"])
        #expect(clean.copy == #"{"keep":"a","skip":{"deep":["x"]}}"#)
    }

    /// A copy nested in another: the outer one sees the damage inside the inner one.
    @Test func anOuterCopySeesDamageInsideAnInnerOne() throws {
        let bytes = [UInt8](#"{"a":{"b":"x"#.utf8) + [0xFF] + Array(#""},"c":[1 ]}"#.utf8)
        var outer: [UInt8] = []
        var inner: [UInt8] = []
        _ = try JSONReader.read(Data(bytes)) { reader in
            try reader.readObject(copyingInto: &outer, omitting: []) { key, reader in
                if key == "a" { _ = try reader.readObject(copyingInto: &inner, omitting: []) { _, _ in } }
            }
        }
        #expect(try JSONValue(parsing: Data(inner)) == ["b": "x\u{FFFD}"])
        #expect(try JSONValue(parsing: Data(outer)) == ["a": ["b": "x\u{FFFD}"], "c": [1]])
    }

    @Test func damagedTextIsReadRepairedWhereReadStringGivesNil() throws {
        var bytes = Array(#"{"s":"a\ud800b","i":"x"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("y\u{1}z\",\"n\":5}".utf8)
        var repaired: [String: String?] = [:]
        var plain: [String: String?] = [:]
        for repairing in [true, false] {
            _ = try JSONReader.read(Data(bytes)) { reader in
                try reader.readObject { key, reader in
                    let text = repairing ? try reader.readStringRepairing() : try reader.readString()
                    if repairing { repaired[key.string] = text } else { plain[key.string] = text }
                }
            }
        }
        #expect(repaired["s"] == "a\u{FFFD}b")
        #expect(repaired["i"] == "x\u{FFFD}\u{FFFD}y\u{1}z")
        #expect(repaired["n"] == .some(nil))
        #expect(plain["s"] == .some(nil) && plain["i"] == .some(nil))
        // The parser repairs a surrogate the same way (it refuses invalid UTF-8 and control characters).
        #expect(try JSONValue(parsing: Data(#"{"s":"a\ud800b"}"#.utf8)).objectValue?["s"] == "a\u{FFFD}b")
    }
}
