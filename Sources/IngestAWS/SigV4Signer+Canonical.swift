import Foundation

extension SigV4Signer {
    /// RFC 3986 URI encoding as SigV4 wants it: `A-Z a-z 0-9 - _ . ~` kept, every other byte `%XX`
    /// with upper-case hex; `/` kept unless `encodeSlash`.
    static func uriEncode(_ string: String, encodeSlash: Bool) -> String {
        var encoded = ""
        encoded.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            let isUnreserved =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x7E
            if isUnreserved || (byte == 0x2F && !encodeSlash) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%"
                encoded.unicodeScalars.append(hexDigits[Int(byte >> 4)])
                encoded.unicodeScalars.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    private static let hexDigits: [Unicode.Scalar] = Array("0123456789ABCDEF".unicodeScalars)

    /// The canonical URI: the wire path encoded once more (services other than S3), `/` when empty.
    static func canonicalURI(_ path: String) -> String {
        path.isEmpty ? "/" : uriEncode(path, encodeSlash: false)
    }

    /// The canonical query: names and values decoded, re-encoded, sorted by name then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let rawValue = parts.count > 1 ? String(parts[1]) : ""
            let value = rawValue.removingPercentEncoding ?? rawValue
            pairs.append((uriEncode(name, encodeSlash: true), uriEncode(value, encodeSlash: true)))
        }
        pairs.sort { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// A header value trimmed, inner runs of spaces collapsed to one.
    static func normalizedHeaderValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Lower-case hex of any byte sequence.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var characters: [UInt8] = []
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
