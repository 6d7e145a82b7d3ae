import Testing

@testable import IngestConnectorKit

@Suite("HTML to text")
struct HTMLTextTests {
    @Test(arguments: [
        ("<p>Hello</p><p>World</p>", "Hello\n\nWorld"),
        ("Line one<br>Line two<br/>Line three", "Line one\nLine two\nLine three"),
        ("<ul><li>first</li><li>second</li></ul>", "- first\n- second"),
        (#"See <a href="https://example.com/docs">the docs</a>."#, "See the docs (https://example.com/docs)."),
        (#"<a href="https://x.io">https://x.io</a>"#, "https://x.io"),
        (#"Mail <a href="mailto:a@b.c">a@b.c</a>"#, "Mail a@b.c"),
        (
            "Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#39;n&#x27; &euro;5&nbsp;now",
            "Tom & Jerry <3 \"cheese\" 'n' €5 now"
        ),
        ("<script>alert('x')</script>Safe<style>p{color:red}</style>", "Safe"),
        ("<SCRIPT type=\"text/javascript\">evil()</SCRIPT>ok", "ok"),
        ("a <!-- hidden --> b", "a b"),
        ("<b>bold</b> and <i>italic</i>   spaced\n\n\n\nout", "bold and italic spaced out"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("AT&T & co &unknown; &#99999999;", "AT&T & co &unknown; &#99999999;"),
        (#"<img src="x.png" alt="screenshot">"#, "[image: screenshot]"),
        ("emoji 👩‍💻 🇫🇷 and 日本語 and مرحبا", "emoji 👩‍💻 🇫🇷 and 日本語 and مرحبا"),
        ("control\u{0}\u{7}chars\u{1B}", "controlchars"),
        ("", ""),
        ("<p></p><p>  </p>", ""),
        ("<pre>keep   this\n  indent</pre>", "keep   this\n  indent"),
        ("<p>unclosed <b>tags", "unclosed tags"),
        (#"<a href="javascript:alert(1)">click</a>"#, "click"),
    ])
    func converts(html: String, text: String) {
        #expect(HTMLText.plainText(fromHTML: html) == text)
    }

    @Test func megabyteBodiesConvert() {
        let html = String(repeating: "<p>Lorem ipsum &amp; dolor</p>", count: 40_000)
        let text = HTMLText.plainText(fromHTML: html)
        #expect(text.hasPrefix("Lorem ipsum & dolor\n\nLorem"))
        #expect(!text.contains("<p>"))
    }

    /// The byte-wise normalisation gives exactly what the Character-wise one gives (transcripts, and
    /// so content hashes, must not change with the implementation).
    @Test func byteWiseNormalisationMatchesCharacterWise() {
        let pieces = [
            "a", "word", " ", "  ", "\t", "\n", "\n\n", "\u{A0}", "\u{3000}", "\u{0B}", "\u{0C}", "é", "日本",
            "e\u{301}", " \u{301}", "👩‍💻", "x y", "\r\n", "\r",
        ]
        var state: UInt64 = 42
        for _ in 0..<3_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for shift in stride(from: 0, to: 40, by: 5) {
                text += pieces[Int((state >> UInt64(shift + 20)) % UInt64(pieces.count))]
            }
            #expect(HTMLText.normalize(text) == HTMLText.normalizeCharacters(text), "\(text.debugDescription)")
        }
    }
}
