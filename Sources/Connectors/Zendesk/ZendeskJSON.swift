import Foundation
import IngestCore

/// Lenient reading of Zendesk's JSON: ids as numbers or digit strings, timestamps as ISO-8601 strings
/// (`Z` or `+00:00`), every field optional, unknown keys ignored. Each rule is written twice: on a
/// parsed ``JSONValue`` (the reference models' `init(json:)`) and on the value at a ``JSONReader``
/// (what the client reads pages with), where damaged text is read repaired (U+FFFD) — but cursors
/// and links, which go back to Zendesk, are read only when they are intact.
enum ZendeskJSON {
    static func id(_ value: JSONValue?) -> Int64? {
        switch value {
        case .number(let number)?:
            guard number.rounded() == number, abs(number) < 9.0e15 else { return nil }
            return Int64(number)
        case .string(let text)?: return Int64(text)
        default: return nil
        }
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    static func bool(_ value: JSONValue?) -> Bool? {
        if case .bool(let flag)? = value { return flag }
        return nil
    }

    static func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap { $0.stringValue } ?? []
    }

    /// `2026-10-05T09:41:27Z`, `2026-10-05T09:41:27+00:00` or with fractional seconds, to Unix seconds.
    static func time(_ value: JSONValue?) -> Int64? {
        guard case .string(let text)? = value else { return nil }
        return parseTime(text)
    }

    // The same rules on the value at a reader (which is read, or skipped when it has another type).

    static func id(_ reader: inout JSONReader) throws -> Int64? {
        switch try reader.kind() {
        case .number: return try id(reader.readNumber()?.double.map(JSONValue.number))
        case .string: return try reader.readStringRepairing().flatMap { Int64($0) }
        default:
            // Read (skipped) all the same: of a key given twice, the first value counts.
            try reader.skipValue()
            return nil
        }
    }

    static func strings(_ reader: inout JSONReader) throws -> [String] {
        try reader.readElements { try $0.readStringRepairing() } ?? []
    }

    static func time(_ reader: inout JSONReader) throws -> Int64? {
        try reader.readStringRepairing().flatMap(parseTime)
    }

    static func parseTime(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == 0x2D, let month = number(5..<7), bytes[7] == 0x2D,
            let day = number(8..<10), bytes[10] == 0x54 || bytes[10] == 0x20, let hour = number(11..<13),
            bytes[13] == 0x3A, let minute = number(14..<16), bytes[16] == 0x3A, let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == 0x2E {  // fractional seconds: ignored
            index += 1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        }
        var offset: Int64 = 0
        if index < bytes.count {
            switch bytes[index] {
            case 0x5A: index += 1
            case 0x2B, 0x2D:
                guard bytes.count >= index + 6, let hours = number(index + 1..<index + 3), bytes[index + 3] == 0x3A,
                    let minutes = number(index + 4..<index + 6)
                else { return nil }
                offset = (hours * 3600 + minutes * 60) * (bytes[index] == 0x2D ? -1 : 1)
                index += 6
            default: return nil
            }
        }
        guard index == bytes.count else { return nil }
        return CivilTime.unixSeconds(year: year, month: month, day: day) + hour * 3600 + minute * 60 + second - offset
    }
}
