@testable import IngestConnectorKit

/// The scalar-walking HTML-to-text converter that `HTMLText` replaced, kept verbatim as the reference
/// the byte implementation must match exactly: transcripts, and so content hashes, may not change with
/// the implementation.
enum ScalarHTMLText {
    static func plainText(fromHTML html: String) -> String {
        guard html.contains("<") || html.contains("&") else { return normalize(withoutControlCharacters(html)) }
        var builder = Builder()
        var scalars = html.unicodeScalars[...]
        while let scalar = scalars.first {
            if scalar == "<" {
                scalars.removeFirst()
                if scalars.starts(with: "!--".unicodeScalars) {
                    skip(past: "-->", in: &scalars)
                    continue
                }
                guard let tag = readTag(&scalars) else {
                    builder.text("<")
                    continue
                }
                builder.tag(tag, skipping: &scalars)
            } else if scalar == "&" {
                scalars.removeFirst()
                builder.text(decodeEntity(&scalars))
            } else {
                scalars.removeFirst()
                builder.character(scalar)
            }
        }
        return builder.finish()
    }

    struct Tag {
        var name: String
        var isClosing: Bool
        var attributes: [String: String]
    }

    private static let blockTags: Set<String> = [
        "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "section",
        "article", "header", "footer", "figure", "hr",
    ]

    /// Collects the text as UTF-8 bytes (appending to a `String` scalar by scalar is several times
    /// slower). Spaces and newlines are ASCII, so the last byte tells whether the text ends in one.
    struct Builder {
        var output: [UInt8] = []
        var pendingSpace = false
        var preDepth = 0
        var links: [String?] = []
        var linkTextStart: [Int] = []

        static let space = UInt8(ascii: " ")
        static let newline = UInt8(ascii: "\n")

        mutating func character(_ scalar: Unicode.Scalar) {
            if preDepth == 0, ScalarHTMLText.isWhitespace(scalar) {
                pendingSpace = true
                return
            }
            if ScalarHTMLText.isControl(scalar) { return }
            if pendingSpace {
                if let last = output.last, last != Self.newline, last != Self.space { output.append(Self.space) }
                pendingSpace = false
            }
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
                    if pendingSpace, let last = output.last, last != Self.newline, last != Self.space {
                        output.append(Self.space)
                    }
                    pendingSpace = false
                    output.append(Self.space)
                } else {
                    character(scalar)
                }
            }
        }

        mutating func newline(_ count: Int) {
            pendingSpace = false
            while let last = output.last, last == Self.space { output.removeLast() }
            guard !output.isEmpty else { return }
            var trailing = 0
            for byte in output.reversed() {
                if byte == Self.newline { trailing += 1 } else { break }
            }
            for _ in trailing..<max(count, trailing) { output.append(Self.newline) }
        }

        mutating func tag(_ tag: Tag, skipping scalars: inout Substring.UnicodeScalarView) {
            switch tag.name {
            case "script", "style", "head", "template", "noscript", "title":
                if !tag.isClosing {
                    ScalarHTMLText.skip(past: "</\(tag.name)", in: &scalars, caseInsensitive: true)
                    ScalarHTMLText.skip(past: ">", in: &scalars)
                }
            case "br":
                newline(1)
            case "li":
                if !tag.isClosing {
                    newline(1)
                    append("- ")
                }
            case "tr":
                newline(1)
            case "td", "th":
                if !tag.isClosing { pendingSpace = true }
            case "pre":
                newline(2)
                preDepth = max(0, preDepth + (tag.isClosing ? -1 : 1))
            case "img":
                let alt = tag.attributes["alt"].map { $0.isEmpty ? nil : $0 } ?? nil
                text(" [image\(alt.map { ": \($0)" } ?? "")] ")
            case "a":
                if tag.isClosing {
                    guard let href = links.popLast(), let start = linkTextStart.popLast() else { return }
                    guard let href, !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:")
                    else { return }
                    let label = String(decoding: output[min(start, output.count)...], as: UTF8.self).trimmingSpaces
                    let shown = href.hasPrefix("mailto:") ? String(href.dropFirst(7)) : href
                    if label != shown && label != href {
                        text(label.isEmpty ? shown : " (\(shown))")
                    }
                } else {
                    links.append(tag.attributes["href"])
                    linkTextStart.append(output.count)
                }
            default:
                if ScalarHTMLText.blockTags.contains(tag.name) { newline(2) }
            }
        }

        mutating func finish() -> String {
            ScalarHTMLText.normalize(String(decoding: output, as: UTF8.self))
        }
    }

    /// Plain text cleaned the way ``plainText(fromHTML:)`` cleans its output: control characters
    /// dropped, trailing spaces trimmed, at most one blank line in a row.
    static func cleaned(plainText text: String) -> String {
        normalize(withoutControlCharacters(text))
    }

    /// Drops C0/C1 control characters other than newline and tab.
    static func withoutControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isControl(scalar) { scalars.append(scalar) }
        return String(scalars)
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

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// Trims trailing space from each line (leading space only survives inside `<pre>`), keeps at
    /// most one blank line in a row, and drops blank lines at both ends.
    static func normalize(_ text: String) -> String {
        // "\r\n" is one Character, which the Character-wise version below does not split at.
        guard !text.utf8.contains(UInt8(ascii: "\r")) else { return normalizeCharacters(text) }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var blank = 0
        var wroteLine = false
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var end = line.endIndex
            while end > line.startIndex {
                let last = line[line.index(before: end)]
                if last == 0x20 || (0x09...0x0D).contains(last) {
                    end = line.index(before: end)
                } else {
                    break
                }
            }
            var trimmed = line[line.startIndex..<end]
            if let last = trimmed.last, last >= 0x80 {
                // Unicode whitespace at the end (U+00A0, U+3000 …): trim as Characters.
                var characters = Substring(trimmed)
                while let character = characters.last, character.isWhitespace { characters.removeLast() }
                trimmed = characters.utf8[...]
            }
            // As `lines.joined(separator: "\n")` of the Character-wise version: a separator before
            // every line but the first; trailing empty lines are trailing newlines, dropped below.
            if trimmed.isEmpty {
                blank += 1
                if blank == 1, wroteLine { output.append(UInt8(ascii: "\n")) }
            } else {
                blank = 0
                if wroteLine { output.append(UInt8(ascii: "\n")) }
                output.append(contentsOf: trimmed)
                wroteLine = true
            }
        }
        while output.last == UInt8(ascii: "\n") { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
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

    /// Reads `name attr="v" …>` after a `<`; nil when this is not a tag (e.g. `a < b`).
    static func readTag(_ scalars: inout Substring.UnicodeScalarView) -> Tag? {
        var copy = scalars
        var isClosing = false
        if copy.first == "/" {
            isClosing = true
            copy.removeFirst()
        }
        var name = ""
        while let scalar = copy.first, isAlphabetic(scalar) || ("0"..."9").contains(scalar) {
            name.unicodeScalars.append(scalar)
            copy.removeFirst()
        }
        guard !name.isEmpty || copy.first == "!" || copy.first == "?" else { return nil }
        var attributes: [String: String] = [:]
        // Attributes until '>' (quoted values may contain '>').
        while let scalar = copy.first, scalar != ">" {
            if isWhitespace(scalar) || scalar == "/" {
                copy.removeFirst()
                continue
            }
            var key = ""
            while let next = copy.first, next != "=", next != ">", !isWhitespace(next), next != "/" {
                key.unicodeScalars.append(next)
                copy.removeFirst()
            }
            if key.isEmpty {
                copy.removeFirst()
                continue
            }
            var value = ""
            if copy.first == "=" {
                copy.removeFirst()
                if let quote = copy.first, quote == "\"" || quote == "'" {
                    copy.removeFirst()
                    while let next = copy.first, next != quote {
                        value.unicodeScalars.append(next)
                        copy.removeFirst()
                    }
                    if !copy.isEmpty { copy.removeFirst() }
                } else {
                    while let next = copy.first, next != ">", !isWhitespace(next) {
                        value.unicodeScalars.append(next)
                        copy.removeFirst()
                    }
                }
            }
            attributes[key.lowercased()] = decodeEntities(in: value)
        }
        if !copy.isEmpty { copy.removeFirst() }
        scalars = copy
        return Tag(name: name.lowercased(), isClosing: isClosing, attributes: attributes)
    }

    static func skip(past marker: String, in scalars: inout Substring.UnicodeScalarView, caseInsensitive: Bool = false)
    {
        let target = Array((caseInsensitive ? marker.lowercased() : marker).unicodeScalars)
        var matched = 0
        while let scalar = scalars.first {
            scalars.removeFirst()
            let folded = caseInsensitive ? (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar) : scalar
            if folded == target[matched] {
                matched += 1
                if matched == target.count { return }
            } else {
                matched = folded == target[0] ? 1 : 0
            }
        }
    }

    static func decodeEntities(in text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.first {
            scalars.removeFirst()
            if scalar == "&" { output += decodeEntity(&scalars) } else { output.unicodeScalars.append(scalar) }
        }
        return output
    }

    /// Decodes the entity after a `&`; returns `&` itself when there is no valid entity.
    static func decodeEntity(_ scalars: inout Substring.UnicodeScalarView) -> String {
        var copy = scalars
        var name = ""
        while let scalar = copy.first, scalar != ";", name.unicodeScalars.count < 10,
            isAlphabetic(scalar) || ("0"..."9").contains(scalar) || scalar == "#"
        {
            name.unicodeScalars.append(scalar)
            copy.removeFirst()
        }
        guard copy.first == ";" else { return "&" }
        copy.removeFirst()
        let decoded: String?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else if name.hasPrefix("#") {
            decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else {
            decoded = namedEntities[name]
        }
        guard let decoded else { return "&" }
        scalars = copy
        return decoded
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
