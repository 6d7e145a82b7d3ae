/// One reply, note or event of a conversation (`conversation_part`).
public struct IntercomConversationPart: Decodable, Sendable, Equatable {
    public var id: String
    /// Open set: `comment`, `note`, `assignment`, `open`, `close`, `snoozed`, `quick_reply` …
    public var partType: String?
    /// HTML; nil for events.
    public var body: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
    public var author: IntercomAuthor?
    public var assignedTo: IntercomAuthor?
    public var attachments: [IntercomAttachment]
    public var redacted: Bool?
    /// Workflow or attribute-change details of event parts (e.g. `action.name`).
    public var eventActionName: String?

    enum CodingKeys: String, CodingKey {
        case id, body, author, attachments, redacted
        case partType = "part_type"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case assignedTo = "assigned_to"
        case eventDetails = "event_details"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(FlexibleID.self, forKey: .id).value
        partType = container.lenient(String.self, .partType)
        body = container.lenient(String.self, .body)
        createdAt = container.lenientTimestamp(.createdAt)
        updatedAt = container.lenientTimestamp(.updatedAt)
        author = container.lenient(IntercomAuthor.self, .author)
        assignedTo = container.lenient(IntercomAuthor.self, .assignedTo)
        attachments = (container.lenient([LenientElement<IntercomAttachment>].self, .attachments) ?? []).compactMap(
            \.value
        )
        redacted = container.lenient(Bool.self, .redacted)
        eventActionName = container.lenient(EventDetails.self, .eventDetails)?.actionName
    }

    struct EventDetails: Decodable {
        var actionName: String?
        enum CodingKeys: String, CodingKey { case action, attribute }
        struct Named: Decodable { var name: String? }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            actionName = container.lenient(Named.self, .action)?.name ?? container.lenient(Named.self, .attribute)?.name
        }
    }
}

/// The author of a message or part, or whom a part assigned the conversation to.
public struct IntercomAuthor: Decodable, Sendable, Hashable {
    /// Open set: `user`, `lead`, `contact`, `admin`, `bot`, `team` …
    public var type: String?
    public var id: String?
    public var name: String?
    public var email: String?

    enum CodingKeys: String, CodingKey { case type, id, name, email }

    public init(type: String?, id: String?, name: String?, email: String?) {
        self.type = type
        self.id = id
        self.name = name
        self.email = email
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        id = container.lenientID(.id)
        name = container.lenient(String.self, .name)
        email = container.lenient(String.self, .email)
    }
}

/// A file attached to a message or part.
public struct IntercomAttachment: Decodable, Sendable, Hashable {
    public var name: String?
    public var url: String?
    public var contentType: String?
    public var filesize: Int?

    enum CodingKeys: String, CodingKey {
        case name, url, filesize
        case contentType = "content_type"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = container.lenient(String.self, .name)
        url = container.lenient(String.self, .url)
        contentType = container.lenient(String.self, .contentType)
        filesize = container.lenient(Int.self, .filesize)
    }
}

/// A tag applied to a conversation.
public struct IntercomTag: Decodable, Sendable, Hashable {
    public var id: String?
    public var name: String?

    enum CodingKeys: String, CodingKey { case id, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = container.lenientID(.id)
        name = container.lenient(String.self, .name)
    }
}

/// The message that started a conversation (`conversation_source`). Not one of the 500 parts.
public struct IntercomConversationSource: Decodable, Sendable, Equatable {
    /// Origin: `conversation`, `email`, `facebook`, `phone_call` …
    public var type: String?
    public var id: String?
    public var deliveredAs: String?
    public var subject: String?
    public var body: String?
    public var author: IntercomAuthor?
    public var attachments: [IntercomAttachment]
    /// The page the conversation started on.
    public var url: String?
    public var redacted: Bool?

    enum CodingKeys: String, CodingKey {
        case type, id, subject, body, author, attachments, url, redacted
        case deliveredAs = "delivered_as"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        id = container.lenientID(.id)
        deliveredAs = container.lenient(String.self, .deliveredAs)
        subject = container.lenient(String.self, .subject)
        body = container.lenient(String.self, .body)
        author = container.lenient(IntercomAuthor.self, .author)
        attachments = (container.lenient([LenientElement<IntercomAttachment>].self, .attachments) ?? []).compactMap(
            \.value
        )
        url = container.lenient(String.self, .url)
        redacted = container.lenient(Bool.self, .redacted)
    }
}
