import Foundation

/// An id that Intercom sends as a string or as a number (part ids in the 2.16 examples, assignee ids).
struct FlexibleID: Decodable, Sendable, Hashable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let integer = try? container.decode(Int64.self) {
            value = String(integer)
        } else if let number = try? container.decode(Double.self), let integer = Int64(exactly: number) {
            value = String(integer)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a string or integer id"
                )
            )
        }
    }
}

extension KeyedDecodingContainer {
    /// The value, or nil when the key is absent, null or of another type: a changed optional field
    /// must not lose the whole conversation.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }

    /// A timestamp in Unix seconds, also accepted as a numeric string or a float.
    func lenientTimestamp(_ key: Key) -> Int64? {
        if let value = lenient(Int64.self, key) { return value }
        if let value = lenient(Double.self, key), let whole = Int64(exactly: value.rounded(.towardZero)) {
            return whole
        }
        if let text = lenient(String.self, key) { return Int64(text) }
        return nil
    }

    func lenientID(_ key: Key) -> String? {
        lenient(FlexibleID.self, key)?.value
    }
}
