import FakeIntercom
import Foundation
import IngestCore
import Testing

@testable import IngestConnectorKit

/// The byte implementation of `HTMLText` gives exactly what the scalar walk it replaced gives, on the
/// examples of Intercom's documentation, on generated workspaces of both text mixes, and on random
/// markup built from the cases that differ between the two ways of reading text.
@Suite("HTML to text: the byte implementation equals the scalar one")
struct HTMLTextEquivalenceTests {
    /// The old check for markup compared Characters, so a text whose every `<` and `&` carried a
    /// combining mark (`<ຳ` is one Character) skipped the conversion; the byte implementation reads it
    /// like any other text. For the comparison, an empty paragraph in front (which adds nothing to the
    /// output) sends such a text through the old conversion too.
    static func forcingMarkup(_ html: String) -> String {
        let hasMarkupBytes = html.utf8.contains(UInt8(ascii: "<")) || html.utf8.contains(UInt8(ascii: "&"))
        let hasMarkupCharacters = html.contains { $0 == "<" || $0 == "&" }
        return hasMarkupBytes && !hasMarkupCharacters ? "<p></p>" + html : html
    }

    @Test func theOldCharacterCheckMissedMarkupWithACombiningMark() {
        #expect(ScalarHTMLText.plainText(fromHTML: "<ຳ") == "<ຳ")
        #expect(HTMLText.plainText(fromHTML: "<ຳ") == "")
        #expect(HTMLText.plainText(fromHTML: "&amp;\u{301}") == "&\u{301}")
    }

    @Test func everyBodyOfTheIntercomExamples() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../IntercomConnectorTests/Fixtures/intercom-conversation-examples.json")
        let examples = try JSONValue(parsing: Data(contentsOf: fixture))
        var strings: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text): strings.append(text)
            case .array(let items): items.forEach(collect)
            case .object(let fields): fields.values.forEach(collect)
            default: break
            }
        }
        collect(examples)
        #expect(strings.count > 100)
        for text in strings {
            #expect(
                HTMLText.plainText(fromHTML: text) == ScalarHTMLText.plainText(fromHTML: Self.forcingMarkup(text)),
                "\(text)"
            )
        }
    }

    @Test(arguments: WorkspaceSpec.TextMix.allCases)
    func everyBodyOfAGeneratedWorkspace(_ mix: WorkspaceSpec.TextMix) {
        let workspace = Workspace(spec: WorkspaceSpec(seed: 77, conversationCount: 700, meanParts: 6, text: mix))
        var bodies = 0
        var nonASCIIBytes = 0
        var allBytes = 0
        for index in 0..<workspace.count {
            let conversation = workspace.conversation(at: index)
            let texts =
                [conversation.sourceBodyHTML, conversation.sourceSubject] + conversation.parts.compactMap(\.bodyHTML)
            for html in texts {
                bodies += 1
                allBytes += html.utf8.count
                nonASCIIBytes += html.utf8.count(where: { $0 >= 0x80 })
                let text = HTMLText.plainText(fromHTML: html)
                #expect(text == ScalarHTMLText.plainText(fromHTML: Self.forcingMarkup(html)), "\(html)")
                #expect(!text.contains("<p") && !text.contains("&amp;"))
            }
        }
        #expect(bodies > 2_000)
        // The real-world mix is what it claims: most of its text is not ASCII (tags aside, which are).
        if mix == .realWorld { #expect(Double(nonASCIIBytes) / Double(allBytes) > 0.3) }
    }

    /// Markup put together at random from pieces that exercise every branch: tags with and without
    /// attributes, quoting, entities (named, numeric, invalid, unterminated), every kind of whitespace
    /// (ASCII, U+00A0, U+3000 …), C0 and C1 controls, combining marks and spacing marks at line ends,
    /// skipped `script` blocks (closed with a Kelvin sign or dotted İ, which lowercase to ASCII),
    /// non-ASCII tag names, comments and `<pre>`.
    @Test func randomMarkup() {
        let pieces = [
            "<p>", "</p>", "<br>", "<br/>", "<li>", "</li>", "<ul>", "<pre>", "</pre>", "<td>", "<tr>", "<div>",
            "<b>", "</b>", "<blockquote>", "<h2>", "<P CLASS=x>", "<a href=\"https://x.io/?a=1&amp;b=2\">",
            "<a href='mailto:a@b.c'>", "<a href=#top>", "<a href=\"JavaScript:void(0)\">", "<a>", "</a>", "</A>",
            "<img src=x alt=\"\">", "<img alt='ス &amp; ク'>", "<img\u{3000}alt=日本>", "<img alt=\"a\" alt=\"b\">",
            "<a hReF = \"/x\" >", "<a href=\"\" >", "<日本語>", "</日本語>", "<ßtrong>", "<!-- c -->", "<!-->",
            "<!doctype html>",
            "<?xml?>", "<script>x<y</script>", "<SCRIPT>a</scrİpt>", "<style>p{}</ſtyle></style>",
            "<title>t</ti\u{212A}le>",
            "<script>never closed", "<", ">", "a < b", "<=", "< p>", "<p", "<a href=\"unterminated", "&", "&amp;",
            "&lt;",
            "&nbsp;", "&#160;", "&#x3000;", "&#12288;", "&#13;", "&#0;", "&#x1F600;", "&#xD800;", "&#99999999;",
            "&unknown;", "&abcdefghij;", "&abcdefghijk;", "&;", "&#;", "&#x;", "&amp", "&日本;", "&zwj;", "&shy;",
            "text", "日本語", "مرحبا", "שלום", "Привет", "สวัสดี", "नमस्ते", "🇯🇵", "👩🏽‍💻", "e\u{301}", " \u{301}",
            "\u{0E33}", " \u{0E33}", "\u{0EB3}", "\u{093F}", " \u{0903}", "\u{200D}", "\u{200B}", "\u{200F}",
            "\u{2068}",
            "\u{FEFF}", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{00A0}", "\u{3000}",
            "\u{2003}",
            "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{1680}", "\u{0085}", "\u{0080}", "\u{009F}", "\u{00A1}",
            "\u{0000}", "\u{0007}", "\u{001B}", "\u{007F}", "\u{2009}x", "\u{3001}", "\u{3042}", "\u{2014}", "\u{E9}",
            "\u{0600}\u{3000}", "\u{1F3FB}", " \u{1F3FD}", "x\u{FE0F}",
        ]
        var rng = SplitMix64(seed: 2_026)
        for round in 0..<20_000 {
            var html = ""
            for _ in 0..<(1 + rng.below(14)) { html += rng.pick(pieces) }
            let bytes = HTMLText.plainText(fromHTML: html)
            let scalars = ScalarHTMLText.plainText(fromHTML: Self.forcingMarkup(html))
            #expect(bytes == scalars, "round \(round): \(html.debugDescription)")
            if bytes != scalars { return }
        }
    }

    /// The bytes the conversion looks at one by one are exactly the non-ASCII whitespace and control
    /// characters, for every scalar there is.
    @Test func theSpecialSequencesAreExactlyTheNonASCIIWhitespaceAndControls() {
        var mismatches: [UInt32] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.isWhitespace || ScalarHTMLText.isControl(scalar)
            let encoded = Array(String(scalar).utf8)
            let special = encoded.withUnsafeBufferPointer { bytes in
                [0xC2, 0xE1, 0xE2, 0xE3].contains(bytes[0]) && HTMLText.isSpecialSequence(bytes, at: 0)
            }
            let (decoded, length) = encoded.withUnsafeBufferPointer { HTMLText.scalar($0, at: 0) }
            if special != expected || decoded != scalar || length != encoded.count { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).map { String($0, radix: 16) })")
    }
}
