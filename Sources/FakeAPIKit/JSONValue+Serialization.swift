import Foundation
public import IngestCore

/// A fast JSON writer for response bodies.
///
/// Whole numbers are written as integers (`1734537460`, never `1734537460.0`), object keys are sorted
/// (byte order) so equal values always serialise identically, strings are escaped per RFC 8259 with
/// non-ASCII kept as UTF-8.
extension JSONValue {
    /// The UTF-8 JSON text of this value.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4_096)
        write(into: &output)
        return output
    }

    public func write(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: Self.nullLiteral)
        case .bool(let value):
            output.append(contentsOf: value ? Self.trueLiteral : Self.falseLiteral)
        case .number(let value):
            Self.writeNumber(value, into: &output)
        case .string(let value):
            Self.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            Self.writeObject(members, into: &output)
        }
    }

    public static func writeObject(_ members: [String: JSONValue], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        // Keys are sorted by their first sixteen bytes as two integers, falling back to `precedes` only
        // when those are equal, and carry the members' positions rather than the members: moving values
        // through the sort and comparing strings were a fifth of the fake Intercom's CPU.
        var order: [ObjectKey] = []
        order.reserveCapacity(members.count)
        var index = members.startIndex
        while index != members.endIndex {
            order.append(ObjectKey(members[index].key, index: index))
            members.formIndex(after: &index)
        }
        order.sort { first, second in
            if first.high != second.high { return first.high < second.high }
            if first.low != second.low { return first.low < second.low }
            return precedes(first.key, second.key)
        }
        for (position, entry) in order.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeString(entry.key, into: &output)
            output.append(UInt8(ascii: ":"))
            members[entry.index].value.write(into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// An object key with its first sixteen UTF-8 bytes as two big-endian integers (zero-padded), so
    /// two keys whose integers differ are ordered by them alone, as `memcmp` would order them.
    struct ObjectKey {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var key: String
        var index: Dictionary<String, JSONValue>.Index

        init(_ key: String, index: Dictionary<String, JSONValue>.Index) {
            self.key = key
            self.index = index
            var bytes = key
            bytes.withUTF8 { utf8 in
                for (position, byte) in utf8.prefix(16).enumerated() {
                    if position < 8 {
                        high |= UInt64(byte) << (56 - 8 * position)
                    } else {
                        low |= UInt64(byte) << (56 - 8 * (position - 8))
                    }
                }
            }
        }
    }

    /// Whether `first` sorts before `second` in byte order (`memcmp`: sorting keys with the generic
    /// comparison of two UTF-8 views took 8% of the fake's CPU).
    static func precedes(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        return first.withUTF8 { left in
            second.withUTF8 { right in
                let common = min(left.count, right.count)
                guard common > 0, let leftStart = left.baseAddress, let rightStart = right.baseAddress else {
                    return left.count < right.count
                }
                let order = memcmp(leftStart, rightStart, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
    }

    private static let nullLiteral = Array("null".utf8)
    private static let trueLiteral = Array("true".utf8)
    private static let falseLiteral = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeNumber(_ value: Double, into output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: nullLiteral)
            return
        }
        if value.rounded() == value, abs(value) <= 9_007_199_254_740_992 {
            writeInteger(Int64(value), into: &output)
        } else {
            output.append(contentsOf: value.description.utf8)
        }
    }

    private static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        if value == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        while magnitude > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        output.append(contentsOf: digits.reversed())
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                    position += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                switch byte {
                case 0x22: output.append(contentsOf: [0x5C, 0x22])
                case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    output.append(contentsOf: Array("\\u00".utf8))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
                position += 1
                runStart = position
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
