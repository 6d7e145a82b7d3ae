import IngestCore

/// The pieces every connector's transcript is made of, written the same way for all of them: times,
/// file sizes, one-line names and titles.
public enum TranscriptFormatting {
    /// `YYYY-MM-DD HH:MM UTC` (civil-from-days, no calendar objects: this runs for every message).
    public static func timestamp(_ seconds: Int64) -> String {
        let time = CivilTime(unixSeconds: seconds)
        guard (1_000...9_999).contains(time.year) else {
            func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute)) UTC"
        }
        // "2025-09-30 10:46 UTC", written in place: every part's heading has one.
        return String(unsafeUninitializedCapacity: 20) { output in
            func put(_ value: Int64, digits: Int, at position: Int) {
                var value = value
                for offset in stride(from: digits - 1, through: 0, by: -1) {
                    output[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(time.year, digits: 4, at: 0)
            output[4] = UInt8(ascii: "-")
            put(time.month, digits: 2, at: 5)
            output[7] = UInt8(ascii: "-")
            put(time.day, digits: 2, at: 8)
            output[10] = UInt8(ascii: " ")
            put(time.hour, digits: 2, at: 11)
            output[13] = UInt8(ascii: ":")
            put(time.minute, digits: 2, at: 14)
            for (offset, byte) in " UTC".utf8.enumerated() { output[16 + offset] = byte }
            return 20
        }
    }

    /// `— Name (role) · 2025-09-30 10:46 UTC · what`: the heading of one message of a transcript, the
    /// name on one line, without the time when there is none. Appended into one string: every message
    /// has one.
    public static func heading(name: String, role: String, time: Int64?, what: String) -> String {
        var heading = "— "
        heading.reserveCapacity(name.utf8.count + role.utf8.count + what.utf8.count + 40)
        heading += oneLine(name)
        heading += " ("
        heading += role
        heading += ")"
        if let time {
            heading += " · "
            heading += timestamp(time)
        }
        heading += " · "
        heading += what
        return heading
    }

    /// `812 B`, `48 KB`, `2.5 MB`.
    public static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KB" }
        return "\((bytes * 10 / (1024 * 1024))/10).\((bytes * 10 / (1024 * 1024)) % 10) MB"
    }

    /// Collapses newlines and limits length (cut at a word, with `…`), for headings and titles.
    public static func oneLine(_ text: String, limit: Int = 120) -> String {
        if isAlreadyOneLine(text, limit: limit) { return text }
        // The non-empty trimmed lines joined by spaces, only as far as the limit needs. Counting the
        // Characters of the parts may count up to two too many at each joining space (a line that
        // starts with a combining mark joins it, and a line that ends in a prepended mark such as
        // U+0600 takes it), so the loop stops only once even the least the text can hold is over the
        // limit, and the decision is made on the joined text itself.
        //
        // A line is taken only as far as `limit + 2` Characters (an opening message used as a title is
        // often one long paragraph), and then nothing more: the text is over the limit whatever
        // follows, and the first `limit - 1` Characters the cut keeps are those of the whole text (the
        // line's Character boundaries are the same in the joined text).
        var flat = ""
        var count = 0
        var joins = 0
        var rest = Substring(text)
        while !rest.isEmpty, count - 2 * joins <= limit {
            let lineEnd = firstLineBreak(in: rest) ?? rest.endIndex
            let line = rest[..<lineEnd].trimmingSpacesSubstring
            if !line.isEmpty {
                if !flat.isEmpty {
                    flat += " "
                    count += 1
                    joins += 1
                }
                var end = line.startIndex
                var taken = 0
                while end < line.endIndex, taken < limit + 2 {
                    line.formIndex(after: &end)
                    taken += 1
                }
                flat += line[..<end]
                count += taken
                if end < line.endIndex { break }
            }
            rest = lineEnd == rest.endIndex ? "" : rest[rest.index(after: lineEnd)...]
        }
        guard flat.count > limit else { return flat }
        var cut = flat.prefix(limit - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = cut[..<space]
        }
        return cut.trimmingSpaces + "…"
    }

    /// Where the first line break of `text` starts (a Character with `isNewline`), found on the bytes:
    /// line breaks are always Characters of their own, but for CR LF, which starts at the CR.
    static func firstLineBreak(in text: Substring) -> Substring.Index? {
        let utf8 = text.utf8
        var index = utf8.startIndex
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        while index != utf8.endIndex {
            let byte = utf8[index]
            if let back = lineBreakEnding(byte, previous, beforePrevious) { return utf8.index(index, offsetBy: -back) }
            beforePrevious = previous
            previous = byte
            utf8.formIndex(after: &index)
        }
        return nil
    }

    /// When `byte`, after `previous` and `beforePrevious`, ends a line break: how many bytes before it
    /// the break starts. \n, \v, \f, \r; U+0085 is C2 85; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
    @inline(__always)
    static func lineBreakEnding(_ byte: UInt8, _ previous: UInt8, _ beforePrevious: UInt8) -> Int? {
        if (0x0A...0x0D).contains(byte) { return 0 }
        if byte == 0x85, previous == 0xC2 { return 1 }
        if byte == 0xA8 || byte == 0xA9, previous == 0x80, beforePrevious == 0xE2 { return 2 }
        return nil
    }

    /// Whether `text` is what ``oneLine(_:limit:)`` makes of it, seen from its bytes: no more scalars
    /// than the limit (so no more Characters; a title of 120 CJK characters is 360 bytes), no line
    /// break of any kind, and neither end whitespace.
    static func isAlreadyOneLine(_ text: String, limit: Int) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        // ASCII ends must not be whitespace; non-ASCII ones are looked at below.
        guard first > 0x20, last > 0x20 else { return false }
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        var scalars = 0
        for byte in utf8 {
            if lineBreakEnding(byte, previous, beforePrevious) != nil { return false }
            // Every byte but a continuation byte (10xxxxxx) starts a scalar.
            if byte & 0xC0 != 0x80 { scalars += 1 }
            beforePrevious = previous
            previous = byte
        }
        guard scalars <= limit else { return false }
        guard first >= 0x80 || last >= 0x80 else { return true }
        // A Character is whitespace when its first scalar is. The first Character's first scalar is
        // the text's; the last Character can only start with whitespace when the text's last scalar
        // is whitespace or attaches to what precedes it (names in Cyrillic, Arabic, CJK … end in
        // neither, and skip the Character walk).
        var text = text
        return text.withUTF8 { bytes in
            if first >= 0x80, HTMLText.scalar(bytes, at: 0).0.properties.isWhitespace { return false }
            if last >= 0x80, HTMLText.endsInCharacterThatMayBeWhitespace(bytes) { return false }
            return true
        }
    }
}
