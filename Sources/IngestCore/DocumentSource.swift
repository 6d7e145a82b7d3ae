/// The system artifacts come from (`intercom`, `zendesk`, …): scopes storage, indexing, export and search hits.
public struct DocumentSource: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// Intercom conversations.
    public static let intercom = DocumentSource("intercom")
}
