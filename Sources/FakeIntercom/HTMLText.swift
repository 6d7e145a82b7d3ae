/// The little HTML handling the fake needs: escaping text into bodies and `display_as=plaintext`.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities.
    static func escape(_ text: String) -> String {
        var scanned = text
        return scanned.withUTF8 { bytes in
            // Phrases mostly need nothing escaped: they are returned as they are after one pass.
            guard let first = bytes.firstIndex(where: needsEscaping) else { return text }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        // All five are ASCII punctuation below 0x40.
        byte < 0x40 && (byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27)
    }

    /// Plain text of an HTML fragment, as Intercom renders it for `display_as=plaintext`.
    ///
    /// Tags are dropped, paragraph and list-item ends and `<br>` become line breaks, links are rendered
    /// as `label (url)`, and common entities are decoded. A simple scanner, not a full HTML parser.
    static func plainText(_ html: String) -> String {
        let bytes = Array(html.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var links: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")) {
                handleTag(bytes[(index + 1)..<end], output: &output, links: &links)
                index = end + 1
            } else if byte == UInt8(ascii: "&"), let (decoded, length) = decodeEntity(bytes, at: index) {
                output.append(contentsOf: decoded)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
        while let last = output.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") {
            output.removeLast()
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func handleTag(_ tag: ArraySlice<UInt8>, output: inout [UInt8], links: inout [[UInt8]]) {
        var cursor = tag.startIndex
        let closing = cursor < tag.endIndex && tag[cursor] == UInt8(ascii: "/")
        if closing { cursor += 1 }
        var nameBytes: [UInt8] = []
        while cursor < tag.endIndex, isNameByte(tag[cursor]) {
            nameBytes.append(tag[cursor] | 0x20)
            cursor += 1
        }
        switch String(decoding: nameBytes, as: UTF8.self) {
        case "br":
            output.append(UInt8(ascii: "\n"))
        case "a" where !closing:
            links.append(attribute(Array("href=\"".utf8), in: tag) ?? [])
        case "a":
            if let href = links.popLast(), !href.isEmpty {
                output.append(contentsOf: Array(" (".utf8))
                output.append(contentsOf: href)
                output.append(UInt8(ascii: ")"))
            }
        case "p", "li", "div", "blockquote", "pre", "ul":
            // Block boundaries (opening or closing) become a single line break.
            if let last = output.last, last != UInt8(ascii: "\n") {
                output.append(UInt8(ascii: "\n"))
            }
        default:
            break
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        let lowercased = byte | 0x20
        return (lowercased >= UInt8(ascii: "a") && lowercased <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// The value of a double-quoted attribute (`prefix` is e.g. `href="`), with entities decoded.
    private static func attribute(_ prefix: [UInt8], in tag: ArraySlice<UInt8>) -> [UInt8]? {
        guard tag.count > prefix.count else { return nil }
        var start = tag.startIndex
        while start + prefix.count <= tag.endIndex {
            if tag[start..<(start + prefix.count)].elementsEqual(prefix) {
                let valueStart = start + prefix.count
                guard let valueEnd = tag[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                let raw = Array(tag[valueStart..<valueEnd])
                return Array(plainText(String(decoding: raw, as: UTF8.self)).utf8)
            }
            start += 1
        }
        return nil
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "rarr": "→", "euro": "€", "pound": "£",
    ]

    /// The UTF-8 of the entity starting at `index` and its length in bytes, or nil if it is not one.
    private static func decodeEntity(_ bytes: [UInt8], at index: Int) -> ([UInt8], Int)? {
        let limit = min(bytes.count, index + 12)
        guard let semicolon = bytes[(index + 1)..<limit].firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
        let length = semicolon - index + 1
        if let value = namedEntities[name] {
            return (Array(value.utf8), length)
        }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let code: UInt32? =
            digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let code, let scalar = Unicode.Scalar(code) else { return nil }
        return (Array(String(Character(scalar)).utf8), length)
    }
}
