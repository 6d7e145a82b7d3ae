/// Characters real support text carries besides its words, shared by every fake API's generator.
public enum RealWorldText {
    /// Emoji as people type them: skin tones, ZWJ sequences, flags, variation selectors.
    public static let emoji = [
        "👍🏽", "🙏🏿", "👩🏽‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🤦🏻‍♀️", "❤️", "😅", "🇯🇵", "🧑🏾‍🔧", "✅", "⚠️", "🙇‍♂️",
        "😡", "🤷🏼", "🎉", "👋🏾", "🫠", "🧑‍🤝‍🧑", "🇸🇦",
    ]

    /// Invisible characters that real text carries: zero-width space and joiner, BOM, bidi marks.
    public static let invisibles = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{200E}", "\u{200F}", "\u{2060}"]

    /// Text with combining marks (decomposed accents) and characters that need escaping in HTML.
    public static let oddities = [
        "Cafe\u{0301} \"Zoë\" & co.", "5 < 10 > 3", "AT&T", "jalapen\u{0303}o", "Tom's & Jerry's <b>not bold</b>",
        "a\u{0308}o\u{0308}u\u{0308}", "© 2024 — ™ — ½ — €", "ﬁle ﬂow", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    ]
}
