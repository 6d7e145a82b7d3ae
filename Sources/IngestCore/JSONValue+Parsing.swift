public import Foundation

extension JSONValue {
    /// Parses one JSON document (RFC 8259) from UTF-8 bytes, straight into a ``JSONValue``.
    ///
    /// The same values as `JSONDecoder().decode(JSONValue.self, from:)`, at a fraction of the cost:
    /// `Codable` decodes each value by trying every type in turn and builds coding paths on the way.
    /// Lenient where APIs are sloppy and nothing is lost: an unpaired surrogate escape becomes U+FFFD;
    /// a repeated key keeps its last value. Anything else that is not JSON (invalid UTF-8, control
    /// characters in strings, trailing data, nesting deeper than ``maximumParsingDepth``) throws
    /// ``JSONParseError`` with the byte offset.
    public init(parsing data: Data) throws(JSONParseError) {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { bytes in
            var parser = JSONByteParser(bytes: bytes)
            do throws(JSONParseError) {
                parser.skipWhitespace()
                let value = try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.index == bytes.count else { throw parser.error("data after the JSON value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Arrays and objects nested deeper than this are refused (a parser that recursed without a limit
    /// could be made to overflow its stack).
    public static let maximumParsingDepth = 512
}

/// Bytes that are not one JSON value.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    /// Offset of the offending byte.
    public var offset: Int
    public var reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A recursive-descent parser over a buffer of UTF-8 bytes.
struct JSONByteParser {
    let bytes: UnsafeRawBufferPointer
    var index = 0
    /// Raw control characters (U+0000–U+001F) and invalid UTF-8 inside strings make the string
    /// undecodable (``sawUndecodableText``) instead of being refused: ``JSONReader``'s mode, in which,
    /// as with `JSONDecoder`, only the values a model reads have to be text.
    var allowsControlCharacters = false
    /// Set when a string held an unpaired surrogate escape (read as U+FFFD) or, when they are
    /// allowed, a raw control character or invalid UTF-8 (read repaired): text `JSONDecoder` does not
    /// decode as a `String`.
    var sawUndecodableText = false

    init(bytes: UnsafeRawBufferPointer, allowsControlCharacters: Bool = false) {
        self.bytes = bytes
        self.allowsControlCharacters = allowsControlCharacters
    }

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of data") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count else { throw error("unexpected end of data") }
        for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] {
            throw error("expected \(word)")
        }
        index += length
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maximumParsingDepth else { throw error("nested too deeply") }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            members[key] = try value(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of data") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw error("expected ',' or '}'")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maximumParsingDepth else { throw error("nested too deeply") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of data") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw error("expected ',' or ']'")
            }
        }
    }

    mutating func number() throws(JSONParseError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw error("unexpected end of data") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { throw error("expected a digit") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return number
    }

    /// Skips ASCII digits; returns how many.
    mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    /// The string of `utf8`, nil when it is not valid UTF-8. `String(validating:as:)` is generic and
    /// was not specialized here: it instantiated type metadata for every string of every payload.
    /// Decoding repairs invalid bytes, so the text is valid exactly when its bytes are the input's.
    static func validString(_ utf8: UnsafeRawBufferPointer) -> String? {
        let typed = utf8.assumingMemoryBound(to: UInt8.self)
        var text = String(decoding: typed, as: UTF8.self)
        let valid = text.withUTF8 { decoded in
            guard decoded.count == typed.count, let decodedStart = decoded.baseAddress, let start = typed.baseAddress
            else { return decoded.count == typed.count }
            return memcmp(decodedStart, start, typed.count) == 0
        }
        return valid ? text : nil
    }

    mutating func string() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the bytes are the string.
        while true {
            skipPlainStringBytes()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                guard let text = Self.validString(slice) else {
                    guard allowsControlCharacters else {
                        throw JSONParseError(offset: start, reason: "invalid UTF-8 in a string")
                    }
                    sawUndecodableText = true
                    index += 1
                    return String(decoding: slice, as: UTF8.self)
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            // A control character.
            guard allowsControlCharacters else { throw error("control character in a string") }
            sawUndecodableText = true
            index += 1
        }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let runStart = index
            skipPlainStringBytes()
            if index > runStart { utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = utf8.withUnsafeBytes(Self.validString) else {
                    guard allowsControlCharacters else {
                        throw JSONParseError(offset: start, reason: "invalid UTF-8 in a string")
                    }
                    sawUndecodableText = true
                    return String(decoding: utf8, as: UTF8.self)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of data") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(of: try unicodeEscape(), to: &utf8)
                default: throw error("unknown escape")
                }
            default:
                // A control character.
                guard allowsControlCharacters else { throw error("control character in a string") }
                sawUndecodableText = true
                utf8.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// Moves past the string at ``index``, checking its escapes but not its text: ``JSONReader``
    /// skipping a value (raw control characters allowed, as in its mode).
    mutating func skipString() throws(JSONParseError) {
        index += 1
        while true {
            skipPlainStringBytes()
            guard index < bytes.count else { throw error("unterminated string") }
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of data") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"): _ = try hex4()
                default: throw error("unknown escape")
                }
            case UInt8(ascii: "\""):
                index += 1
                return
            default:
                // A raw control character: allowed in the reader's mode.
                index += 1
            }
        }
    }

    /// Moves ``index`` past the bytes a string holds as they are: everything but `"`, `\` and control
    /// characters. Eight bytes at a time: message bodies are long.
    @inline(__always)
    mutating func skipPlainStringBytes() {
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count,
                !ByteWord.hasQuoteBackslashOrControl(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
            index += 1
        }
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair; an unpaired
    /// surrogate is U+FFFD.
    mutating func unicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try hex4()
        if (0xD800..<0xDC00).contains(first) {
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let second = try hex4()
                if (0xDC00..<0xE000).contains(second) {
                    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                index = save
            }
            sawUndecodableText = true
            return "\u{FFFD}"
        }
        if (0xDC00..<0xE000).contains(first) { sawUndecodableText = true }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of data") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("expected four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    func appendUTF8(of scalar: Unicode.Scalar, to utf8: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            utf8.append(UInt8(value))
        case 0x80..<0x800:
            utf8.append(UInt8(0xC0 | (value >> 6)))
            utf8.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            utf8.append(UInt8(0xE0 | (value >> 12)))
            utf8.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            utf8.append(UInt8(0x80 | (value & 0x3F)))
        default:
            utf8.append(UInt8(0xF0 | (value >> 18)))
            utf8.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            utf8.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            utf8.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
