public import IngestCore

/// A conversation as `GET /conversations/{id}` returns it (or a list item, without parts).
///
/// Decoding is lenient (intercom-api.md §2): unknown keys are ignored, enums are open strings, ids
/// may be strings or numbers, and any optional field of an unexpected type reads as absent. Only a
/// missing `id` makes a conversation undecodable.
public struct IntercomConversation: Decodable, Sendable, Equatable {
    public var id: String
    public var title: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
    public var state: String?
    public var open: Bool?
    public var read: Bool?
    public var priority: String?
    public var adminAssigneeID: String?
    public var teamAssigneeID: String?
    public var source: IntercomConversationSource?
    public var contactIDs: [String]
    public var teammateIDs: [String]
    public var tags: [IntercomTag]
    /// Parts oldest first, as returned: at most the newest 500.
    public var parts: [IntercomConversationPart]
    /// `statistics.count_conversation_parts`: the true number of parts, when Intercom reports it.
    public var totalPartCount: Int?
    public var customAttributes: [String: JSONValue]

    enum CodingKeys: String, CodingKey {
        case id, title, state, open, read, priority, source, contacts, teammates, tags, statistics
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case adminAssigneeID = "admin_assignee_id"
        case teamAssigneeID = "team_assignee_id"
        case conversationParts = "conversation_parts"
        case customAttributes = "custom_attributes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(FlexibleID.self, forKey: .id).value
        title = container.lenient(String.self, .title)
        createdAt = container.lenientTimestamp(.createdAt)
        updatedAt = container.lenientTimestamp(.updatedAt)
        state = container.lenient(String.self, .state)
        open = container.lenient(Bool.self, .open)
        read = container.lenient(Bool.self, .read)
        priority = container.lenient(String.self, .priority)
        adminAssigneeID = container.lenientID(.adminAssigneeID)
        teamAssigneeID = container.lenientID(.teamAssigneeID)
        source = container.lenient(IntercomConversationSource.self, .source)
        contactIDs = container.lenient(ContactList.self, .contacts)?.contacts.compactMap(\.id) ?? []
        teammateIDs = container.lenient(TeammateList.self, .teammates)?.teammates.compactMap(\.id) ?? []
        tags = container.lenient(TagList.self, .tags)?.tags ?? []
        parts = container.lenient(PartList.self, .conversationParts)?.parts ?? []
        totalPartCount = container.lenient(Statistics.self, .statistics)?.countConversationParts
        customAttributes = container.lenient([String: JSONValue].self, .customAttributes) ?? [:]
    }

    struct Reference: Decodable, Sendable {
        var id: String?
        enum CodingKeys: String, CodingKey { case id }
        init(from decoder: any Decoder) throws {
            id = try decoder.container(keyedBy: CodingKeys.self).lenientID(.id)
        }
    }

    struct ContactList: Decodable {
        var contacts: [Reference]
        enum CodingKeys: String, CodingKey { case contacts }
        init(from decoder: any Decoder) throws {
            contacts = try decoder.container(keyedBy: CodingKeys.self).lenient([Reference].self, .contacts) ?? []
        }
    }

    struct TeammateList: Decodable {
        var teammates: [Reference]
        enum CodingKeys: String, CodingKey { case teammates }
        init(from decoder: any Decoder) throws {
            teammates = try decoder.container(keyedBy: CodingKeys.self).lenient([Reference].self, .teammates) ?? []
        }
    }

    struct TagList: Decodable {
        var tags: [IntercomTag]
        enum CodingKeys: String, CodingKey { case tags }
        init(from decoder: any Decoder) throws {
            tags = try decoder.container(keyedBy: CodingKeys.self).lenient([IntercomTag].self, .tags) ?? []
        }
    }

    struct PartList: Decodable {
        var parts: [IntercomConversationPart]
        enum CodingKeys: String, CodingKey { case parts = "conversation_parts" }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // One undecodable part must not drop the others.
            parts = (container.lenient([LenientElement<IntercomConversationPart>].self, .parts) ?? []).compactMap(
                \.value
            )
        }
    }

    struct Statistics: Decodable {
        var countConversationParts: Int?
        enum CodingKeys: String, CodingKey { case countConversationParts = "count_conversation_parts" }
        init(from decoder: any Decoder) throws {
            countConversationParts = try decoder.container(keyedBy: CodingKeys.self).lenient(
                Int.self,
                .countConversationParts
            )
        }
    }
}

/// An array element that decodes to nil instead of failing the array.
struct LenientElement<T: Decodable>: Decodable {
    var value: T?
    init(from decoder: any Decoder) throws {
        value = try? T(from: decoder)
    }
}
