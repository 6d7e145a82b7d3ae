public import IngestCore

/// The config of an Intercom conversations backfill: everything (paged), or specific ids.
///
/// Fields as in the job message: `conversation_ids`, `per_page` (1…150, default 150), `order`
/// (`asc`/`desc`, default `desc`), `starting_after` (a list cursor to start from), `max_pages`,
/// `max_conversations`, and `region` (`us`/`eu`/`au`, picks the API host).
public struct IntercomConversationsBackfillConfig: BackfillIngestConfig {
    public static let source = "intercom_api_conversations_backfill"

    public enum Order: String, Sendable, CaseIterable { case asc, desc }

    public var tenantID: TenantID
    /// Fetch only these conversations; nil fetches every conversation page by page.
    public var conversationIDs: [String]?
    public var perPage: Int
    public var order: Order
    public var startingAfter: String?
    public var maxPages: Int?
    public var maxConversations: Int?
    public var region: IntercomRegion?

    /// Ids allowed in one job message.
    public static let maxConversationIDs = 10_000

    public init(
        tenantID: TenantID,
        conversationIDs: [String]? = nil,
        perPage: Int = 150,
        order: Order = .desc,
        startingAfter: String? = nil,
        maxPages: Int? = nil,
        maxConversations: Int? = nil,
        region: IntercomRegion? = nil
    ) {
        self.tenantID = tenantID
        self.conversationIDs = conversationIDs
        self.perPage = perPage
        self.order = order
        self.startingAfter = startingAfter
        self.maxPages = maxPages
        self.maxConversations = maxConversations
        self.region = region
    }

    public init(tenantID: TenantID, reading reader: inout ConfigReader) throws(ConfigValidationError) {
        self.tenantID = tenantID
        conversationIDs = try reader.optionalIDList(
            "conversation_ids",
            maxCount: Self.maxConversationIDs,
            isValid: Self.isValidConversationID,
            allowed: "Intercom conversation ids (1 to 64 letters, digits, '_' or '-')"
        )
        perPage = try reader.optionalInt("per_page", in: 1...150) ?? 150
        order =
            try reader.optionalChoice("order", of: Order.allCases.map(\.rawValue)).flatMap(Order.init(rawValue:))
            ?? .desc
        startingAfter = try reader.optionalString("starting_after")
        maxPages = try reader.optionalInt("max_pages", in: 1...Int.max)
        maxConversations = try reader.optionalInt("max_conversations", in: 1...Int.max)
        region = try reader.optionalChoice("region", of: IntercomRegion.allCases.map(\.rawValue)).flatMap(
            IntercomRegion.init(rawValue:)
        )
        if conversationIDs != nil, startingAfter != nil {
            throw ConfigValidationError(
                field: "starting_after",
                problem: "applies to listing all conversations and cannot be combined with conversation_ids"
            )
        }
    }

    public var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "conversation_ids": conversationIDs.map { .array($0.map(JSONValue.string)) } ?? .null,
            "per_page": .number(Double(perPage)),
            "order": .string(order.rawValue),
            "starting_after": startingAfter.map(JSONValue.string) ?? .null,
            "max_pages": maxPages.map { .number(Double($0)) } ?? .null,
            "max_conversations": maxConversations.map { .number(Double($0)) } ?? .null,
        ]
        // Only when set, so the message stays the pipeline's documented shape.
        if let region { fields["region"] = .string(region.rawValue) }
        return fields
    }

    static func isValidConversationID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2D
            }
    }
}
