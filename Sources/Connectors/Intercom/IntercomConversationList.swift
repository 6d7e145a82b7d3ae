/// A page of `GET /conversations` (`conversation.list`).
public struct IntercomConversationList: Decodable, Sendable, Equatable {
    /// The listed conversations' ids, in list order (list items carry no parts; each is retrieved).
    public var conversationIDs: [String]
    public var totalCount: Int?
    /// The cursor of the next page; nil on the last page.
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case type, conversations, pages
        case totalCount = "total_count"
    }

    struct Item: Decodable {
        var id: String
        enum CodingKeys: String, CodingKey { case id }
        init(from decoder: any Decoder) throws {
            id = try decoder.container(keyedBy: CodingKeys.self).decode(FlexibleID.self, forKey: .id).value
        }
    }

    struct Pages: Decodable, Sendable {
        var next: Next?
        enum CodingKeys: String, CodingKey { case next }
        init(from decoder: any Decoder) throws {
            next = try decoder.container(keyedBy: CodingKeys.self).lenient(Next.self, .next)
        }
    }

    struct Next: Decodable, Sendable {
        var startingAfter: String?
        enum CodingKeys: String, CodingKey { case startingAfter = "starting_after" }
    }

    public init(conversationIDs: [String], totalCount: Int?, nextCursor: String?) {
        self.conversationIDs = conversationIDs
        self.totalCount = totalCount
        self.nextCursor = nextCursor
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // The list itself must be there: a page without it is a truncated or foreign body.
        conversationIDs = try container.decode([LenientElement<Item>].self, forKey: .conversations).compactMap(
            \.value?.id
        )
        totalCount = container.lenient(Int.self, .totalCount)
        let cursor = container.lenient(Pages.self, .pages)?.next?.startingAfter
        nextCursor = (cursor?.isEmpty ?? true) ? nil : cursor
    }
}

/// The admin behind a token (`GET /me`): used for the workspace's id code in inbox links.
public struct IntercomAdmin: Decodable, Sendable {
    public var appIDCode: String?

    enum CodingKeys: String, CodingKey { case app }
    struct App: Decodable {
        var idCode: String?
        enum CodingKeys: String, CodingKey { case idCode = "id_code" }
    }

    public init(from decoder: any Decoder) throws {
        appIDCode = try decoder.container(keyedBy: CodingKeys.self).lenient(App.self, .app)?.idCode
    }
}
