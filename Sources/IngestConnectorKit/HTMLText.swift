/// Turns the HTML of message bodies (Intercom parts, Zendesk comments, …) into clean, readable text.
///
/// Paragraphs and line breaks survive as newlines, list items become `- item`, links become
/// `label (url)`, images `[image: alt]`; entities are decoded; `script`/`style` content, comments and
/// control characters are dropped; runs of spaces collapse. Never fails: malformed markup degrades
/// to its text.
///
/// Works on the UTF-8 bytes end to end, for every script: runs of ordinary bytes (all of CJK,
/// Cyrillic, Arabic, Hebrew, Hangul, emoji …) are copied as they are, and only the bytes that can
/// start markup, an entity, whitespace or a control character are looked at one by one. The output is
/// what the scalar-by-scalar walk it replaced produced (a test compares the two), so transcripts, and
/// the content hashes that tell a changed item, do not change with it. One difference, a fix: the old
/// check for markup compared Characters, so a text whose every `<` and `&` carried a combining mark
/// (one Character with it, e.g. `<ຳ`) was taken for plain text; now it is read like any other.
public enum HTMLText {
    public static func plainText(fromHTML html: String) -> String {
        var html = html
        let converted: String? = html.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == Byte.lessThan || $0 == Byte.ampersand }) else { return nil }
            return convert(bytes)
        }
        return converted ?? cleaned(plainText: html)
    }

    enum Byte {
        static let lessThan = UInt8(ascii: "<")
        static let greaterThan = UInt8(ascii: ">")
        static let ampersand = UInt8(ascii: "&")
        static let semicolon = UInt8(ascii: ";")
        static let hash = UInt8(ascii: "#")
        static let slash = UInt8(ascii: "/")
        static let equals = UInt8(ascii: "=")
        static let bang = UInt8(ascii: "!")
        static let question = UInt8(ascii: "?")
        static let doubleQuote = UInt8(ascii: "\"")
        static let singleQuote = UInt8(ascii: "'")
        static let space = UInt8(ascii: " ")
        static let newline = UInt8(ascii: "\n")
        static let tab = UInt8(ascii: "\t")
        static let carriageReturn = UInt8(ascii: "\r")
        static let hyphen = UInt8(ascii: "-")
    }

    private static func convert(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var builder = Builder()
        builder.output.reserveCapacity(bytes.count)
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == Byte.lessThan {
                index += 1
                if index + 2 < count, bytes[index] == Byte.bang, bytes[index + 1] == Byte.hyphen,
                    bytes[index + 2] == Byte.hyphen
                {
                    index = skip(past: "-->", in: bytes, from: index)
                    continue
                }
                guard let (tag, next) = readTag(bytes, from: index) else {
                    builder.ascii(Byte.lessThan)
                    continue
                }
                index = builder.tag(tag, in: bytes, next: next)
            } else if byte == Byte.ampersand {
                index += 1
                if let (decoded, next) = decodeEntity(bytes, from: index) {
                    builder.text(decoded)
                    index = next
                } else {
                    builder.ascii(Byte.ampersand)
                }
            } else {
                let end = plainRunEnd(bytes, from: index)
                if end > index {
                    builder.append(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                } else if byte < 0x80 {
                    builder.ascii(byte)
                    index += 1
                } else {
                    index = builder.special(bytes, at: index)
                }
            }
        }
        return builder.finish()
    }

    /// The end of the run from `start` of bytes that go to the output as they are: printable ASCII but
    /// `<` and `&`, and every non-ASCII scalar that is neither whitespace nor a control character.
    @inline(__always)
    private static func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var end = start
        while end < count {
            let byte = bytes[end]
            if byte > 0x20 && byte < 0x7F {
                if byte == Byte.lessThan || byte == Byte.ampersand { break }
                end += 1
            } else if byte >= 0x80 {
                if byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 {
                    if isSpecialSequence(bytes, at: end) { break }
                    end += byte < 0xE0 ? 2 : 3
                } else {
                    end += 1
                }
            } else {
                break
            }
        }
        return end
    }

    /// Whether the scalar starting at `index` (lead byte C2, E1, E2 or E3) is non-ASCII whitespace
    /// (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) or a C1
    /// control character (U+0080–U+009F): the only non-ASCII scalars the conversion treats specially.
    @inline(__always)
    static func isSpecialSequence(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let second = bytes[index + 1]
        switch bytes[index] {
        case 0xC2: return second <= 0xA0
        case 0xE1: return second == 0x9A && bytes[index + 2] == 0x80
        case 0xE2:
            let third = bytes[index + 2]
            if second == 0x80 { return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF }
            return second == 0x81 && third == 0x9F
        case 0xE3: return second == 0x80 && bytes[index + 2] == 0x80
        default: return false
        }
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            length = 2
        } else if lead < 0xF0 {
            value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            length = 3
        } else {
            value =
                (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
            length = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    struct Tag {
        var name: String
        var isClosing: Bool
        /// The only attributes the conversion uses; entities decoded. An attribute without a value is "".
        var href: String?
        var alt: String?
    }

    /// What a tag does to the text.
    enum TagKind {
        /// Its content is not text: `script`, `style` …
        case skipsContent
        case lineBreak, listItem, tableRow, tableCell, preformatted, image, link
        /// A paragraph-like block: a blank line around it.
        case block
    }

    /// The tags the conversion knows, looked up once per tag (comparing its name with each in turn
    /// cost more than the rest of handling it); any other tag is ignored.
    static let tagKinds: [String: TagKind] = {
        var kinds: [String: TagKind] = [
            "br": .lineBreak, "li": .listItem, "tr": .tableRow, "td": .tableCell, "th": .tableCell,
            "pre": .preformatted, "img": .image, "a": .link,
        ]
        for name in ["script", "style", "head", "template", "noscript", "title"] { kinds[name] = .skipsContent }
        for name in [
            "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "section", "article",
            "header", "footer", "figure", "hr",
        ] {
            kinds[name] = .block
        }
        return kinds
    }()

    /// Collects the text as UTF-8 bytes. Spaces and newlines are ASCII, so the last byte tells whether
    /// the text ends in one.
    struct Builder {
        var output: [UInt8] = []
        var pendingSpace = false
        var preDepth = 0
        var links: [String?] = []
        var linkTextStart: [Int] = []

        @inline(__always)
        mutating func flushSpace() {
            guard pendingSpace else { return }
            if let last = output.last, last != Byte.newline, last != Byte.space { output.append(Byte.space) }
            pendingSpace = false
        }

        /// Bytes that go out as they are (no whitespace, control character, markup or entity among them).
        @inline(__always)
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            flushSpace()
            output.append(contentsOf: bytes)
        }

        /// One ASCII character of text.
        @inline(__always)
        mutating func ascii(_ byte: UInt8) {
            if preDepth == 0, byte == Byte.space || (0x09...0x0D).contains(byte) {
                pendingSpace = true
                return
            }
            if HTMLText.isASCIIControl(byte) { return }
            flushSpace()
            output.append(byte)
        }

        /// The non-ASCII whitespace or C1 control character at `index` (see ``isSpecialSequence``), or
        /// any other scalar there; returns the index after it.
        mutating func special(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
            let (scalar, length) = HTMLText.scalar(bytes, at: index)
            character(scalar)
            return index + length
        }

        mutating func character(_ scalar: Unicode.Scalar) {
            if preDepth == 0, HTMLText.isWhitespace(scalar) {
                pendingSpace = true
                return
            }
            if HTMLText.isControl(scalar) { return }
            flushSpace()
            append(scalar)
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                output.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                output.append(contentsOf: UTF8.encode(scalar)!)
            }
        }

        mutating func append(_ text: String) {
            output.append(contentsOf: text.utf8)
        }

        mutating func text(_ text: String) {
            for scalar in text.unicodeScalars {
                // Decoded entities (&nbsp; included) are literal text, not markup whitespace.
                if scalar == "\u{00A0}" {
                    if pendingSpace, let last = output.last, last != Byte.newline, last != Byte.space {
                        output.append(Byte.space)
                    }
                    pendingSpace = false
                    output.append(Byte.space)
                } else {
                    character(scalar)
                }
            }
        }

        mutating func newline(_ count: Int) {
            pendingSpace = false
            while let last = output.last, last == Byte.space { output.removeLast() }
            guard !output.isEmpty else { return }
            var trailing = 0
            for byte in output.reversed() {
                if byte == Byte.newline { trailing += 1 } else { break }
            }
            for _ in trailing..<max(count, trailing) { output.append(Byte.newline) }
        }

        /// Applies `tag`, read up to `next`; returns where the text goes on (past a skipped `script` …).
        mutating func tag(_ tag: Tag, in bytes: UnsafeBufferPointer<UInt8>, next: Int) -> Int {
            guard let kind = HTMLText.tagKinds[tag.name] else { return next }
            switch kind {
            case .skipsContent:
                if !tag.isClosing {
                    let end = HTMLText.skip(past: "</\(tag.name)", in: bytes, from: next, caseInsensitive: true)
                    return HTMLText.skip(past: ">", in: bytes, from: end)
                }
            case .lineBreak:
                newline(1)
            case .listItem:
                if !tag.isClosing {
                    newline(1)
                    append("- ")
                }
            case .tableRow:
                newline(1)
            case .tableCell:
                if !tag.isClosing { pendingSpace = true }
            case .preformatted:
                newline(2)
                preDepth = max(0, preDepth + (tag.isClosing ? -1 : 1))
            case .image:
                let alt = tag.alt.map { $0.isEmpty ? nil : $0 } ?? nil
                text(" [image\(alt.map { ": \($0)" } ?? "")] ")
            case .link:
                if tag.isClosing {
                    guard let href = links.popLast(), let start = linkTextStart.popLast() else { return next }
                    guard let href, !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:")
                    else { return next }
                    let label = String(decoding: output[min(start, output.count)...], as: UTF8.self).trimmingSpaces
                    let shown = href.hasPrefix("mailto:") ? String(href.dropFirst(7)) : href
                    if label != shown && label != href {
                        text(label.isEmpty ? shown : " (\(shown))")
                    }
                } else {
                    links.append(tag.href)
                    linkTextStart.append(output.count)
                }
            case .block:
                newline(2)
            }
            return next
        }

        /// The text, normalized. The output holds no carriage return (outside `<pre>` it is whitespace,
        /// inside a control character), so the byte normalization applies.
        mutating func finish() -> String {
            output.withUnsafeBufferPointer { HTMLText.normalize(bytes: $0) }
        }
    }

    /// Plain text cleaned the way ``plainText(fromHTML:)`` cleans its output: control characters
    /// dropped, trailing spaces trimmed, at most one blank line in a row.
    public static func cleaned(plainText text: String) -> String {
        normalize(withoutControlCharacters(text))
    }

    /// Drops C0/C1 control characters other than newline and tab.
    static func withoutControlCharacters(_ text: String) -> String {
        var text = text
        let cleaned: String? = text.withUTF8 { bytes in
            func isControl(at index: Int) -> Bool {
                let byte = bytes[index]
                if byte < 0x80 { return isASCIIControl(byte) }
                return byte == 0xC2 && bytes[index + 1] < 0xA0
            }
            guard let first = bytes.indices.first(where: isControl(at:)) else { return nil }
            var output = [UInt8](UnsafeBufferPointer(rebasing: bytes[..<first]))
            output.reserveCapacity(bytes.count)
            var index = first
            while index < bytes.count {
                if isControl(at: index) {
                    index += bytes[index] < 0x80 ? 1 : 2
                } else {
                    output.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return cleaned ?? text
    }

    /// A C0 control character other than newline and tab, or DEL.
    @inline(__always)
    static func isASCIIControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != Byte.newline && byte != Byte.tab) || byte == 0x7F
    }

    /// `scalar.properties.isWhitespace`, without the property lookup for ASCII.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// `scalar.properties.isAlphabetic`, without the property lookup for ASCII.
    @inline(__always)
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return scalar.properties.isAlphabetic
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// Trims trailing space from each line (leading space only survives inside `<pre>`), keeps at
    /// most one blank line in a row, and drops blank lines at both ends.
    static func normalize(_ text: String) -> String {
        // "\r\n" is one Character, which the Character-wise version below does not split at.
        guard !text.utf8.contains(Byte.carriageReturn) else { return normalizeCharacters(text) }
        var text = text
        return text.withUTF8 { normalize(bytes: $0) }
    }

    /// ``normalize(_:)`` of UTF-8 bytes without a carriage return, line by line on the bytes; only a
    /// line that ends in a Character that may be Unicode whitespace is trimmed as Characters.
    static func normalize(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var blank = 0
        var wroteLine = false
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            var end = lineEnd
            while end > lineStart, bytes[end - 1] == 0x20 || (0x09...0x0D).contains(bytes[end - 1]) { end -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
            var characterTrimmed: [UInt8]?
            if let last = line.last, last >= 0x80, endsInCharacterThatMayBeWhitespace(line) {
                // Unicode whitespace at the end (U+00A0, U+3000 …), or a space a combining mark
                // attaches to: trim as Characters.
                var characters = Substring(String(decoding: line, as: UTF8.self))
                while let character = characters.last, character.isWhitespace { characters.removeLast() }
                characterTrimmed = Array(characters.utf8)
            }
            let isEmpty = characterTrimmed.map(\.isEmpty) ?? line.isEmpty
            // As `lines.joined(separator: "\n")` of the Character-wise version: a separator before
            // every line but the first; trailing empty lines are trailing newlines, dropped below.
            if isEmpty {
                blank += 1
                if blank == 1, wroteLine { output.append(Byte.newline) }
            } else {
                blank = 0
                if wroteLine { output.append(Byte.newline) }
                if let characterTrimmed {
                    output.append(contentsOf: characterTrimmed)
                } else {
                    output.append(contentsOf: line)
                }
                wroteLine = true
            }
            lineStart = lineEnd + 1
        }
        while output.last == Byte.newline { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the last Character of `line` (which ends in a non-ASCII scalar) can be whitespace: only
    /// when its last scalar is whitespace, or attaches to what comes before it (a grapheme extender,
    /// spacing mark or joiner) and so might extend a space. Every other last scalar starts a Character
    /// of its own that is not whitespace, and the Character walk is skipped.
    static func endsInCharacterThatMayBeWhitespace(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = line.count - 1
        while start > 0, line[start] & 0xC0 == 0x80 { start -= 1 }
        let (scalar, _) = Self.scalar(line, at: start)
        if neverStartsOrExtendsWhitespace(scalar) { return false }
        let properties = scalar.properties
        return properties.isWhitespace || properties.isGraphemeExtend || properties.isEmojiModifier
            || properties.generalCategory == .spacingMark || scalar.value == 0x200D || scalar.value == 0x0E33
            || scalar.value == 0x0EB3
    }

    /// Whether `scalar` is one of the letters, punctuation and emoji of the most written scripts, none
    /// of them whitespace, a mark, a joiner or an emoji modifier (a test checks every one): a check of
    /// ranges instead of Unicode property lookups for most lines' last scalar.
    @inline(__always)
    static func neverStartsOrExtendsWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF,  // CJK unified ideographs
            0xAC00...0xD7A3,  // Hangul syllables
            0x3041...0x3096, 0x30A1...0x30FA,  // hiragana, katakana
            0x3001...0x3003, 0xFF01...0xFF60,  // CJK punctuation (not U+3000), full-width forms
            0x0391...0x03C9, 0x0410...0x044F,  // Greek, Cyrillic
            0x0621...0x063A, 0x0641...0x064A, 0x060C, 0x061B, 0x061F,  // Arabic letters and punctuation
            0x05D0...0x05EA,  // Hebrew
            0x0905...0x0939, 0x0964...0x0965,  // Devanagari letters, danda
            0x0E01...0x0E30, 0x0E32,  // Thai consonants, sara a and aa (not sara am)
            0x2010...0x2027,  // dashes, quotes, ellipsis
            0x2600...0x26FF, 0x2700...0x27BF,  // symbols, dingbats
            0x1F1E6...0x1F1FF,  // regional indicators
            0x1F300...0x1F3FA, 0x1F400...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1FAFF:  // emoji, not modifiers
            true
        default: false
        }
    }

    /// ``normalize(_:)`` Character by Character.
    static func normalizeCharacters(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
            if trimmed.isEmpty {
                blank += 1
                if blank == 1, !lines.isEmpty { lines.append("") }
            } else {
                blank = 0
                lines.append(trimmed)
            }
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Reads `name attr="v" …>` after a `<` at `start`; nil when this is not a tag (e.g. `a < b`).
    /// Returns the tag and the index after its `>`.
    static func readTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Tag, Int)? {
        let count = bytes.count
        var index = start
        var isClosing = false
        if index < count, bytes[index] == Byte.slash {
            isClosing = true
            index += 1
        }
        let nameStart = index
        var asciiName = true
        while index < count {
            let byte = bytes[index]
            if isASCIIAlphanumeric(byte) {
                index += 1
            } else if byte >= 0x80, case let (letter, length) = Self.scalar(bytes, at: index), isAlphabetic(letter) {
                asciiName = false
                index += length
            } else {
                break
            }
        }
        let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<index])
        guard !nameBytes.isEmpty || (index < count && (bytes[index] == Byte.bang || bytes[index] == Byte.question))
        else { return nil }
        // ASCII names are lowercased into the string's own storage (decoding a lazy map of the bytes
        // went through a dynamic cast per tag).
        let name =
            asciiName
            ? String(unsafeUninitializedCapacity: nameBytes.count) { buffer in
                for (offset, byte) in nameBytes.enumerated() { buffer[offset] = asciiLowercased(byte) }
                return nameBytes.count
            }
            : String(decoding: nameBytes, as: UTF8.self).lowercased()

        var href: String?
        var alt: String?
        // Attributes until '>' (quoted values may contain '>').
        while index < count, bytes[index] != Byte.greaterThan {
            let (first, firstLength) = Self.scalar(bytes, at: index)
            if isWhitespace(first) || first == "/" {
                index += firstLength
                continue
            }
            let keyStart = index
            while index < count {
                let (next, length) = Self.scalar(bytes, at: index)
                if next == "=" || next == ">" || next == "/" || isWhitespace(next) { break }
                index += length
            }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<index])
            if key.isEmpty {
                index += 1  // the '='
                continue
            }
            var value = index..<index
            if index < count, bytes[index] == Byte.equals {
                index += 1
                if index < count, bytes[index] == Byte.doubleQuote || bytes[index] == Byte.singleQuote {
                    let quote = bytes[index]
                    index += 1
                    let valueStart = index
                    while index < count, bytes[index] != quote { index += 1 }
                    value = valueStart..<index
                    if index < count { index += 1 }
                } else {
                    let valueStart = index
                    while index < count, bytes[index] != Byte.greaterThan {
                        let (next, length) = Self.scalar(bytes, at: index)
                        if isWhitespace(next) { break }
                        index += length
                    }
                    value = valueStart..<index
                }
            }
            // A later attribute of the same name wins. A key with non-ASCII letters lowercases to
            // neither name.
            if equalsIgnoringASCIICase(key, "href") {
                href = decodeEntities(in: UnsafeBufferPointer(rebasing: bytes[value]))
            } else if equalsIgnoringASCIICase(key, "alt") {
                alt = decodeEntities(in: UnsafeBufferPointer(rebasing: bytes[value]))
            }
        }
        if index < count { index += 1 }
        return (Tag(name: name, isClosing: isClosing, href: href, alt: alt), index)
    }

    @inline(__always)
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    private static func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let target = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for (byte, expected) in zip(bytes, target) where asciiLowercased(byte) != expected { return false }
        return true
    }

    /// The index after the first `marker` (ASCII) from `start`, or the end; with `caseInsensitive`, each
    /// scalar is compared by the first scalar of its lowercase mapping (so `İ` counts as `i`).
    static func skip(
        past marker: String,
        in bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        caseInsensitive: Bool = false
    ) -> Int {
        let target = Array((caseInsensitive ? marker.lowercased() : marker).unicodeScalars.map(\.value))
        var matched = 0
        var index = start
        while index < bytes.count {
            let folded: UInt32
            let byte = bytes[index]
            if byte < 0x80 {
                folded = UInt32(caseInsensitive ? asciiLowercased(byte) : byte)
                index += 1
            } else {
                let (next, length) = Self.scalar(bytes, at: index)
                index += length
                folded =
                    caseInsensitive ? (next.properties.lowercaseMapping.unicodeScalars.first ?? next).value : next.value
            }
            if folded == target[matched] {
                matched += 1
                if matched == target.count { return index }
            } else {
                matched = folded == target[0] ? 1 : 0
            }
        }
        return index
    }

    /// An attribute value with its entities decoded.
    static func decodeEntities(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let firstAmpersand = bytes.firstIndex(of: Byte.ampersand) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var output = [UInt8](UnsafeBufferPointer(rebasing: bytes[..<firstAmpersand]))
        var index = firstAmpersand
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard byte == Byte.ampersand else {
                output.append(byte)
                continue
            }
            if let (decoded, next) = decodeEntity(bytes, from: index) {
                output.append(contentsOf: decoded.utf8)
                index = next
            } else {
                output.append(Byte.ampersand)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes the entity after a `&` (`start` is the byte after it): the text and the index after its
    /// `;`, or nil when there is no valid entity there. A name is at most 10 ASCII letters, digits and
    /// `#`; any other character before the `;` makes it no entity.
    static func decodeEntity(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int)? {
        var end = start
        while end < bytes.count, end - start < 10, isASCIIAlphanumeric(bytes[end]) || bytes[end] == Byte.hash {
            end += 1
        }
        guard end < bytes.count, bytes[end] == Byte.semicolon, end > start else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        let decoded: String?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else if name.hasPrefix("#") {
            decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else {
            decoded = namedEntities[name]
        }
        return decoded.map { ($0, end + 1) }
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "ndash": "–", "mdash": "—",
        "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "copy": "©", "reg": "®", "trade": "™", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "deg": "°",
        "times": "×", "divide": "÷", "middot": "·", "bull": "•", "eacute": "é", "egrave": "è", "agrave": "à",
        "aacute": "á", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "ccedil": "ç", "ntilde": "ñ",
        "zwj": "\u{200D}", "zwnj": "\u{200C}", "shy": "",
    ]
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    public var trimmingSpaces: String { String(trimmingSpacesSubstring) }

    /// The text without leading and trailing whitespace, as a slice.
    public var trimmingSpacesSubstring: Substring {
        let string = Substring(self)
        guard let start = string.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = string.lastIndex(where: { !$0.isWhitespace })!
        return string[start...end]
    }
}
