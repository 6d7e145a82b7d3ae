/// A page of `POST /conversations/search`: the changed conversations' ids and `updated_at`.
public struct IntercomSearchPage: Decodable, Sendable, Equatable {
    public struct Item: Sendable, Hashable {
        public var id: String
        public var updatedAt: Int64?
    }

    public var items: [Item]
    public var totalCount: Int?
    /// The cursor of the next page (`pages.next.starting_after`); nil on the last page.
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case conversations, pages
        case totalCount = "total_count"
    }

    struct Listed: Decodable {
        var item: Item
        enum CodingKeys: String, CodingKey {
            case id
            case updatedAt = "updated_at"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            item = Item(
                id: try container.decode(FlexibleID.self, forKey: .id).value,
                updatedAt: container.lenientTimestamp(.updatedAt)
            )
        }
    }

    public init(items: [Item], totalCount: Int?, nextCursor: String?) {
        self.items = items
        self.totalCount = totalCount
        self.nextCursor = nextCursor
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([LenientElement<Listed>].self, forKey: .conversations).compactMap(\.value?.item)
        totalCount = container.lenient(Int.self, .totalCount)
        let cursor = container.lenient(IntercomConversationList.Pages.self, .pages)?.next?.startingAfter
        nextCursor = (cursor?.isEmpty ?? true) ? nil : cursor
    }
}

/// A page of `GET /conversations/deleted` (2.16+): deleted conversations' ids and deletion times.
public struct IntercomDeletedPage: Decodable, Sendable {
    public struct Item: Sendable, Hashable {
        public var id: String
        public var deletedAt: Int64
    }

    public var items: [Item]
    public var page: Int?
    public var totalPages: Int?
    /// `pages.next` is a URL (or absent on the last page); only whether it is there matters.
    public var hasNext: Bool

    enum CodingKeys: String, CodingKey { case conversations, pages }

    struct Pages: Decodable {
        var page: Int?
        var totalPages: Int?
        var next: String?
        enum CodingKeys: String, CodingKey {
            case page, next
            case totalPages = "total_pages"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            page = container.lenient(Int.self, .page)
            totalPages = container.lenient(Int.self, .totalPages)
            next = container.lenient(String.self, .next)
        }
    }

    struct Listed: Decodable {
        var item: Item?
        enum CodingKeys: String, CodingKey {
            case id
            case deletedAt = "deleted_at"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let id = try container.decode(FlexibleID.self, forKey: .id).value
            item = container.lenientTimestamp(.deletedAt).map { Item(id: id, deletedAt: $0) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([LenientElement<Listed>].self, forKey: .conversations).compactMap(\.value?.item)
        let pages = container.lenient(Pages.self, .pages)
        page = pages?.page
        totalPages = pages?.totalPages
        hasNext = !(pages?.next?.isEmpty ?? true) || (pages?.page ?? 1) < (pages?.totalPages ?? 0)
    }
}
