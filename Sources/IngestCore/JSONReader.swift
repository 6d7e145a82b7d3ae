public import Foundation

/// A pull reader over the UTF-8 bytes of one JSON document, for decoding hot wire models without
/// building anything the model does not keep.
///
/// `JSONDecoder` boxes every value and builds a coding path on the way; ``JSONValue/init(parsing:)``
/// builds a dictionary for every object. A reader hands each object member's key to the model, which
/// reads the values it wants (``readString()``, ``readInt64()``, ``readObject(_:)`` …) and leaves
/// the rest, which the reader skips, checking that it is JSON. The typed reads follow `JSONDecoder`'s
/// rules, so models decode as leniently as their `Decodable` conformances: a read of the wrong type
/// skips the value and returns nil; of a key given twice in an object, the first value counts (later
/// ones are skipped once a member has been read); a string with an unpaired surrogate escape, a raw
/// control character or invalid UTF-8 reads as nil, and one that is skipped is not looked at (the
/// rest of the document is read); a UTF-8 byte order mark before the document is skipped. Unlike
/// `JSONDecoder`, which lets some malformed values it does not look at pass (`[1,]`, `-`, `01`), the
/// reader refuses anything that is not JSON, with the byte offset. One difference is left: a key
/// with undecodable text is read repaired, where `JSONDecoder` fails the whole object.
public struct JSONReader {
    var parser: JSONByteParser
    private var depth = 0
    /// Set while an object is copied: skipped strings that are not plain ASCII are read, so that
    /// undecodable text in them is seen (``JSONByteParser/sawUndecodableText``).
    private var checksSkippedText = false
    /// The keys (their byte ranges, quotes excluded) of members read so far in each open object.
    private var readKeys: [(range: Range<Int>, escaped: Bool)] = []

    /// Reads one document: `body` reads its top value; anything after it but whitespace is an error.
    public static func read<T>(_ data: Data, _ body: (inout JSONReader) throws -> T) throws -> T {
        try data.withUnsafeBytes { bytes in
            var reader = JSONReader(parser: JSONByteParser(bytes: bytes, allowsControlCharacters: true))
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.parser.index = 3 }
            reader.parser.skipWhitespace()
            let start = reader.parser.index
            let value = try body(&reader)
            if reader.parser.index == start { try reader.skipValue() }
            reader.parser.skipWhitespace()
            guard reader.parser.index == bytes.count else { throw reader.parser.error("data after the JSON value") }
            return value
        }
    }

    /// The kind of the next value.
    public enum Kind: Sendable {
        case object, array, string, number, bool, null
    }

    public func kind() throws(JSONParseError) -> Kind {
        guard parser.index < parser.bytes.count else { throw parser.error("unexpected end of data") }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw parser.error("unexpected character")
        }
    }

    /// Skips the next value, checking that it is JSON (numbers by their syntax, not their range).
    public mutating func skipValue() throws {
        switch try kind() {
        case .object:
            _ = try readObject { _, _ in }
        case .array:
            _ = try readArray { _ in }
        case .string: try skipString()
        case .number: _ = try scanNumber()
        case .bool:
            if parser.bytes[parser.index] == UInt8(ascii: "t") {
                try parser.literal("true")
            } else {
                try parser.literal("false")
            }
        case .null: try parser.literal("null")
        }
    }

    /// The string, or nil (the value skipped) when the next value is not a string.
    public mutating func readString() throws -> String? {
        guard try kind() == .string else {
            try skipValue()
            return nil
        }
        // The flag also tells an object being copied that it holds undecodable text: keep it set.
        let sawBefore = parser.sawUndecodableText
        parser.sawUndecodableText = false
        let text = try parser.string()
        let undecodable = parser.sawUndecodableText
        parser.sawUndecodableText = sawBefore || undecodable
        return undecodable ? nil : text
    }

    /// The string with undecodable text repaired (an unpaired surrogate escape or invalid UTF-8 as
    /// U+FFFD, a raw control character kept), or nil (the value skipped) when the next value is not a
    /// string. ``JSONValue/init(parsing:)`` repairs a surrogate the same way but refuses the other two.
    /// For text that is kept whatever damage it carries, where ``readString()`` would drop it.
    public mutating func readStringRepairing() throws -> String? {
        guard try kind() == .string else {
            try skipValue()
            return nil
        }
        return try parser.string()
    }

    /// The boolean, or nil (the value skipped) when the next value is not `true` or `false`.
    public mutating func readBool() throws -> Bool? {
        guard try kind() == .bool else {
            try skipValue()
            return nil
        }
        let value = parser.bytes[parser.index] == UInt8(ascii: "t")
        try parser.literal(value ? "true" : "false")
        return value
    }

    /// The number, read both as `JSONDecoder` reads an `Int64` and as it reads a `Double`; nil (the
    /// value skipped) when the next value is not a number.
    public mutating func readNumber() throws -> JSONNumber? {
        guard try kind() == .number else {
            try skipValue()
            return nil
        }
        let (range, integral) = try scanNumber()
        let text = UnsafeRawBufferPointer(rebasing: parser.bytes[range])
        if integral, let value = Self.integer(text) { return JSONNumber(int64: value, double: Double(value)) }
        guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else {
            return JSONNumber(int64: nil, double: nil)
        }
        // `JSONDecoder`'s rule for an `Int64` written otherwise than as integer digits in range: the
        // `Double` must be an `Int64`, and from 2^53 on, where `Double`s are 2 or more apart, the
        // text's own value decides, its fraction cut off (`9007199254740993.5` is …993).
        var int64 = Int64(exactly: number)
        if int64 != nil, number.magnitude >= 0x1p53 { int64 = Self.truncatedInteger(text) }
        return JSONNumber(int64: int64, double: number)
    }

    /// The value of a number's text with its fraction cut off, as an `Int64`; nil when out of range
    /// (a negative one included only down to −(2^63 − 1), as `JSONDecoder`'s decimal path has it).
    static func truncatedInteger(_ text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var inFraction = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
                if inFraction { fractionDigits += 1 }
            } else {
                break
            }
            index += 1
        }
        var exponent = 0
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < text.count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < text.count {
                // Far beyond any Int64's 19 digits: the Double was no Int64 then, and this is not reached.
                guard exponent < 100_000 else { return nil }
                exponent = exponent * 10 + Int(text[index] - UInt8(ascii: "0"))
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        // value = digits × 10^shift, the digits a negative shift moves past the point cut off
        let shift = exponent - fractionDigits
        if shift < 0 { digits.removeLast(min(-shift, digits.count)) }
        var magnitude: UInt64 = 0
        for digit in digits + repeatElement(0, count: max(shift, 0)) {
            let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.addingReportingOverflow(UInt64(digit))
            if overflowShift || overflowAdd { return nil }
            magnitude = next
        }
        guard let value = Int64(exactly: magnitude) else { return nil }
        return negative ? -value : value
    }

    /// The number as `JSONDecoder` decodes an `Int64`: an integer in range, or a number with a fraction
    /// or exponent whose value is exactly an `Int64` (`1.0`, `1e3`). Nil (the value skipped) otherwise.
    public mutating func readInt64() throws -> Int64? {
        try readNumber()?.int64
    }

    /// The number as `JSONDecoder` decodes a `Double`; nil (the value skipped) when it is not a
    /// number or not finite.
    public mutating func readDouble() throws -> Double? {
        try readNumber()?.double
    }

    /// The next value as a ``JSONValue``; nil when it holds a number out of `Double`'s range.
    public mutating func readJSONValue() throws -> JSONValue? {
        let start = parser.index
        try skipValue()
        let slice = Data(UnsafeRawBufferPointer(rebasing: parser.bytes[start..<parser.index]))
        return try? JSONValue(parsing: slice)
    }

    /// Calls `member` with each key of the object and the reader positioned at its value, which
    /// `member` reads or leaves (then it is skipped). Returns false (the value skipped) when the next
    /// value is not an object.
    public mutating func readObject(_ member: (JSONKey, inout JSONReader) throws -> Void) throws -> Bool {
        try readMembers(member) { _, _ in }
    }

    /// Reads an object as ``readObject(_:)`` does and appends a copy of it to `copy`: each member as
    /// received, from its key to the end of its value (whitespace and number text unchanged), less the
    /// members named in `omitted`, between braces and separated by commas. A repeated key is copied
    /// as often as it appears (readers of JSON keep one of them). Returns false (the value skipped,
    /// nothing copied) when the next value is not an object.
    ///
    /// The copy is always JSON: an object holding text that is not (invalid UTF-8, a raw control
    /// character, in a value read or skipped, or an unpaired surrogate escape) is copied as its
    /// members parsed with that text repaired, written canonically (of a repeated key, the last).
    public mutating func readObject(
        copyingInto copy: inout [UInt8],
        omitting omitted: [StaticString],
        _ member: (JSONKey, inout JSONReader) throws -> Void
    ) throws -> Bool {
        let bytes = parser.bytes
        let start = parser.index
        let copyStart = copy.count
        let outer = (checksSkippedText, parser.sawUndecodableText)
        checksSkippedText = true
        parser.sawUndecodableText = false
        defer { checksSkippedText = outer.0 }
        var copied = 0
        let isObject = try readMembers(member) { key, range in
            guard !omitted.contains(where: { key == $0 }) else { return }
            copy.append(copied == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            copy.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
            copied += 1
        }
        let undecodable = parser.sawUndecodableText
        parser.sawUndecodableText = outer.1 || undecodable
        guard isObject else { return false }
        if undecodable {
            copy.removeSubrange(copyStart...)
            var lenient = JSONByteParser(bytes: bytes, allowsControlCharacters: true)
            lenient.index = start
            guard case .object(var members) = try lenient.value(depth: depth) else { return true }
            for name in omitted { members["\(name)"] = nil }
            copy.append(contentsOf: JSONValue.object(members).canonicalBytes)
            return true
        }
        if copied == 0 { copy.append(UInt8(ascii: "{")) }
        copy.append(UInt8(ascii: "}"))
        return true
    }

    /// The members of the object at the reader: `member` reads each value it wants, then `read` is
    /// told the member's key and bytes (from the key's opening quote to the end of the value).
    @inline(__always)
    private mutating func readMembers(
        _ member: (JSONKey, inout JSONReader) throws -> Void,
        then read: (JSONKey, Range<Int>) -> Void
    ) throws -> Bool {
        guard try kind() == .object else {
            try skipValue()
            return false
        }
        if try open(closedBy: UInt8(ascii: "}")) { return true }
        let firstReadKey = readKeys.count
        defer { readKeys.removeSubrange(firstReadKey...) }
        while true {
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else {
                throw parser.error("expected a key")
            }
            let keyStart = parser.index
            let key = try readKey()
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: ":") else {
                throw parser.error("expected ':'")
            }
            parser.index += 1
            parser.skipWhitespace()
            let before = parser.index
            if try isRead(key, since: firstReadKey) {
                try skipValue()
            } else {
                try member(key, &self)
                if parser.index == before { try skipValue() } else { readKeys.append((key.range, key.decoded != nil)) }
            }
            read(key, keyStart..<parser.index)
            if try isClosed(by: UInt8(ascii: "}")) { return true }
        }
    }

    /// Calls `element` with the reader positioned at each element of the array, which `element` reads
    /// or leaves (then it is skipped). Returns false (the value skipped) when the next value is not an
    /// array.
    public mutating func readArray(_ element: (inout JSONReader) throws -> Void) throws -> Bool {
        guard try kind() == .array else {
            try skipValue()
            return false
        }
        if try open(closedBy: UInt8(ascii: "]")) { return true }
        while true {
            parser.skipWhitespace()
            let before = parser.index
            try element(&self)
            if parser.index == before { try skipValue() }
            if try isClosed(by: UInt8(ascii: "]")) { return true }
        }
    }

    /// The elements of the array that `element` reads, those it returns nil for left out (one element
    /// that does not read does not drop the others); nil (the value skipped) when the next value is
    /// not an array.
    @inlinable
    public mutating func readElements<T>(_ element: (inout JSONReader) throws -> T?) throws -> [T]? {
        var elements: [T] = []
        let isArray = try readArray { reader in
            if let value = try element(&reader) { elements.append(value) }
        }
        return isArray ? elements : nil
    }

    /// An array whose elements all read (`element` returns nil for one that does not): the elements,
    /// or nil when the value is not an array or any element fails.
    @inlinable
    public mutating func readStrictArray<T>(_ element: (inout JSONReader) throws -> T?) throws -> [T]? {
        var elements: [T] = []
        var failed = false
        let isArray = try readArray { reader in
            if let value = try element(&reader) { elements.append(value) } else { failed = true }
        }
        return isArray && !failed ? elements : nil
    }

    /// Whether a member of this object with the same key was read already.
    private func isRead(_ key: JSONKey, since first: Int) throws -> Bool {
        for index in first..<readKeys.count {
            let (range, escaped) = readKeys[index]
            if !escaped && key.decoded == nil {
                if range.count == key.range.count,
                    memcmp(
                        parser.bytes.baseAddress! + range.lowerBound,
                        parser.bytes.baseAddress! + key.range.lowerBound,
                        range.count
                    ) == 0
                {
                    return true
                }
            } else if try keyString(range, escaped: escaped) == key.string {
                return true
            }
        }
        return false
    }

    /// The text of a key read earlier, from its byte range.
    private func keyString(_ range: Range<Int>, escaped: Bool) throws -> String {
        guard escaped else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: parser.bytes[range]), as: UTF8.self)
        }
        var copy = parser
        copy.index = range.lowerBound - 1
        return try copy.string()
    }

    /// Enters the object or array at the reader (one level deeper, within the limit) and reads past its
    /// opening bracket; returns true, having read it whole, when it is empty.
    private mutating func open(closedBy close: UInt8) throws(JSONParseError) -> Bool {
        depth += 1
        guard depth <= JSONValue.maximumParsingDepth else { throw parser.error("nested too deeply") }
        parser.index += 1
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == close else { return false }
        parser.index += 1
        depth -= 1
        return true
    }

    /// After a member or element: reads the `,` before the next one (false) or the closing bracket,
    /// leaving the container (true).
    private mutating func isClosed(by close: UInt8) throws(JSONParseError) -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count else { throw parser.error("unexpected end of data") }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: ","):
            parser.index += 1
            return false
        case close:
            parser.index += 1
            depth -= 1
            return true
        default:
            throw parser.error(close == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
        }
    }

    private mutating func readKey() throws(JSONParseError) -> JSONKey {
        let start = parser.index + 1
        if let end = plainStringEnd() {
            parser.index = end + 1
            return JSONKey(
                bytes: UnsafeRawBufferPointer(rebasing: parser.bytes[start..<end]),
                range: start..<end,
                decoded: nil
            )
        }
        // Escapes or non-ASCII: the parser's string rules (and its errors).
        let text = try parser.string()
        return JSONKey(
            bytes: UnsafeRawBufferPointer(start: nil, count: 0),
            range: start..<(parser.index - 1),
            decoded: text
        )
    }

    /// Moves past a string, checking its escapes but not its text (`JSONDecoder` does not look at the
    /// text of values it skips either).
    private mutating func skipString() throws(JSONParseError) {
        if let end = plainStringEnd() {
            parser.index = end + 1
            return
        }
        if checksSkippedText {
            _ = try parser.string()
        } else {
            try parser.skipString()
        }
    }

    /// The index of the closing quote of the string at the reader when its text is printable ASCII
    /// without escapes (the bytes are the text); nil when the parser's string rules must read it.
    private func plainStringEnd() -> Int? {
        let bytes = parser.bytes
        var index = parser.index + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            index += 1
        }
        return nil
    }

    /// Scans a number's syntax; returns its bytes and whether it has neither fraction nor exponent.
    private mutating func scanNumber() throws(JSONParseError) -> (Range<Int>, Bool) {
        let start = parser.index
        let bytes = parser.bytes
        if bytes[parser.index] == UInt8(ascii: "-") { parser.index += 1 }
        guard parser.index < bytes.count else { throw parser.error("unexpected end of data") }
        if bytes[parser.index] == UInt8(ascii: "0") {
            parser.index += 1
        } else {
            guard parser.digits() > 0 else { throw parser.error("expected a digit") }
        }
        var integral = true
        if parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: ".") {
            integral = false
            parser.index += 1
            guard parser.digits() > 0 else { throw parser.error("expected a digit after '.'") }
        }
        if parser.index < bytes.count, bytes[parser.index] | 0x20 == UInt8(ascii: "e") {
            integral = false
            parser.index += 1
            if parser.index < bytes.count,
                bytes[parser.index] == UInt8(ascii: "+") || bytes[parser.index] == UInt8(ascii: "-")
            {
                parser.index += 1
            }
            guard parser.digits() > 0 else { throw parser.error("expected a digit in the exponent") }
        }
        return (start..<parser.index, integral)
    }

    /// An optionally negative run of ASCII digits as an `Int64`; nil when it overflows.
    private static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var value: Int64 = 0
        while index < text.count {
            let digit = Int64(text[index] &- UInt8(ascii: "0"))
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflowShift || overflowAdd { return nil }
            value = next
            index += 1
        }
        return value
    }
}

/// A JSON number as the typed reads see it.
public struct JSONNumber: Sendable, Hashable {
    /// The value as an `Int64` when it is exactly one (`JSONDecoder`'s rule).
    public var int64: Int64?
    /// The value as a `Double` when it is finite.
    public var double: Double?
}

/// An object member's key, valid during the member callback.
public struct JSONKey {
    /// The key's bytes when it has no escapes and is ASCII.
    let bytes: UnsafeRawBufferPointer
    /// Where the key's text is in the document (quotes excluded).
    let range: Range<Int>
    /// The key when it had escapes or non-ASCII characters.
    let decoded: String?

    /// The key as a string.
    public var string: String { decoded ?? String(decoding: bytes, as: UTF8.self) }

    public static func == (key: JSONKey, name: StaticString) -> Bool {
        if let decoded = key.decoded {
            return decoded.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
        guard key.bytes.count == name.utf8CodeUnitCount else { return false }
        guard key.bytes.count > 0 else { return true }
        return memcmp(key.bytes.baseAddress!, name.utf8Start, key.bytes.count) == 0
    }
}
