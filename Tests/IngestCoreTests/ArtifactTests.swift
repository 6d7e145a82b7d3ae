import Foundation
import IngestCore
import Testing

@Suite("Artifacts and content hashing")
struct ArtifactTests {
    static func artifact(updatedAt: TimeInterval = 2_000, content: String = "hello") throws -> Artifact {
        Artifact(
            tenantID: try TenantID("acme"),
            source: .intercom,
            kind: "conversation",
            externalID: "1",
            title: "Title",
            url: "https://example.com/1",
            createdAt: Date(timeIntervalSince1970: 1_000),
            updatedAt: Date(timeIntervalSince1970: updatedAt),
            authors: [ArtifactAuthor(id: "1", name: "Ann", email: "ann@example.com", role: "user")],
            tags: ["billing"],
            state: "open",
            content: content,
            metadata: ["part_count": 3],
            rawPayload: Data("{\"updated_at\":\(Int(updatedAt))}".utf8)
        )
    }

    @Test func hashIgnoresUpdatedAtAndRawPayload() throws {
        let first = try Self.artifact(updatedAt: 2_000)
        let later = try Self.artifact(updatedAt: 3_000)
        #expect(first.contentHash == later.contentHash)
        #expect(first.contentHash.count == 64)
    }

    @Test func hashChangesWithVisibleContent() throws {
        var changed = try Self.artifact()
        changed.content = "hello again"
        changed.refreshContentHash()
        #expect(try Self.artifact().contentHash != changed.contentHash)
        var retagged = try Self.artifact()
        retagged.tags = ["refund"]
        retagged.refreshContentHash()
        #expect(try Self.artifact().contentHash != retagged.contentHash)
    }

    /// Stored hashes are compared with new ones on every sync: the value for a given artifact is fixed
    /// (lower-case hex of SHA-256 over the canonical JSON of the visible fields).
    @Test func theHashOfAKnownArtifactNeverChanges() throws {
        #expect(try Self.artifact().contentHash == "dde540ab4a0caaa7f4081f2b4dc991ea3e1d5873c24e012eef0162546d69e0b7")
    }

    @Test func canonicalJSONIsStable() {
        let value: JSONValue = ["b": 1, "a": ["x", nil, true, 1.5], "c": "quote\" and \\ and \n and \u{01}"]
        #expect(value.canonicalString == #"{"a":["x",null,true,1.5],"b":1,"c":"quote\" and \\ and \n and \u0001"}"#)
    }

    /// The content hash is SHA-256 of these bytes: they must never change, or every stored artifact
    /// would look changed to the next backfill.
    @Test func canonicalJSONEscapesExactlyAsBefore() {
        let value: JSONValue = [
            "text": "line\u{2028}para\u{2029}end … é € 😀 \u{1F}\u{7F}\r\t/",
            "n": [0, -3, 2.5, 1e21, 12_345_678_901],
        ]
        let expected =
            #"{"n":[0,-3,2.5,1e+21,12345678901],"text":"line\u2028para\u2029end … é € 😀 \u001f\#u{7F}\r\t/"}"#
        #expect(value.canonicalString == expected)
        #expect(value.canonicalData == Data(expected.utf8))
    }

    /// Strings are scanned eight bytes at a time: every character that needs an escape is escaped
    /// wherever it falls in a word, and its near neighbours (other E2 sequences, DEL, non-ASCII) are not.
    @Test func canonicalJSONEscapesAtEveryOffset() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += #"\""#
                case "\\": out += #"\\"#
                case "\n": out += #"\n"#
                case "\r": out += #"\r"#
                case "\t": out += #"\t"#
                case "\u{2028}": out += #"\u2028"#
                case "\u{2029}": out += #"\u2029"#
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += #"\u00"# + (hex.count == 1 ? "0" + hex : hex)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials = [
            "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "…",
            "\u{7F}", " ", "é", "注", "😀", "\u{200F}",
        ]
        for filler in ["abcdefghijklmnopqrstuvwxyz0123456789", "注文番号の商品がまだ届いていませんмир"] {
            for special in specials {
                for offset in 0..<20 {
                    var text = String(filler.prefix(offset)) + special + String(filler.dropFirst(offset))
                    text += special + special
                    #expect(JSONValue.string(text).canonicalString == reference(text), "\(special) at \(offset)")
                }
            }
        }
    }

    @Test func authorsReadBackFromTheirColumnAsJSONEncoderWouldHaveWrittenThem() throws {
        let names = [
            "Ann", "Zoë \"Z\" O'Brien", "王小明", "محمد عبد الله", "Дмитрий\\Петров", "👩🏽‍💻 Dev",
            "\u{200F}bidi\u{200B}zw", "tab\tnew\nline\u{0}nul\u{1F}", "",
        ]
        var authors: [ArtifactAuthor] = []
        for (index, name) in names.enumerated() {
            authors.append(
                ArtifactAuthor(
                    id: index % 3 == 0 ? nil : "\(index)",
                    name: index % 4 == 1 ? nil : name,
                    email: index % 2 == 0 ? "\(name)@例え.jp" : nil,
                    role: index % 5 == 4 ? nil : "user"
                )
            )
        }
        authors.append(ArtifactAuthor(id: nil, name: nil, email: nil, role: nil))
        for list in [authors, [], Array(authors.prefix(1))] {
            let column = ArtifactAuthor.columnJSON(list)
            #expect(try JSONDecoder().decode([ArtifactAuthor].self, from: Data(column.utf8)) == list)
            // The same JSON JSONEncoder writes (fields that are nil left out), keys in order.
            let encoded = try JSONEncoder().encode(list)
            #expect(try JSONValue(parsing: Data(column.utf8)) == JSONValue(parsing: encoded))
            #expect(try column == JSONValue(parsing: Data(column.utf8)).canonicalString)
            #expect(!column.contains("null"))
        }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("tok_live_123")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }
}
