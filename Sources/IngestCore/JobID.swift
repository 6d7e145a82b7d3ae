import Foundation

/// Identifies one backfill job across the queue, the job records and the checkpoints.
///
/// New ids are lowercase UUIDs; ids produced elsewhere are accepted when they are 1…128 printable ASCII characters.
public struct JobID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws(ConfigValidationError) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= 128,
            rawValue.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C })
        else {
            throw ConfigValidationError(
                field: "job_id",
                problem: "must be 1 to 128 printable ASCII characters without spaces, quotes or backslashes"
            )
        }
        self.rawValue = rawValue
    }

    /// A fresh random id.
    public static func random() -> JobID {
        // A lowercase UUID always satisfies the rules above.
        try! JobID(UUID().uuidString.lowercased())
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
