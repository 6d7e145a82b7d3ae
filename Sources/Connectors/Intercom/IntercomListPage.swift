public import Foundation
import IngestCore

/// Decoding of the paged lists, `GET /conversations` and `POST /conversations/search`, with
/// ``JSONReader``: the values their `Decodable` conformances give (a test decodes Intercom's examples,
/// generated pages, hand-made oddities and damaged pages both ways and compares), reading only each
/// listed conversation's `id` and `updated_at` where `JSONDecoder` built all of its fields (150 items
/// a page).
extension IntercomConversationList {
    /// Decodes a page; throws when the body is not JSON, not an object or has no `conversations` list.
    public init(json data: Data) throws {
        let page = try IntercomListPage.read(data)
        self.init(conversationIDs: page.items.map(\.id), totalCount: page.totalCount, nextCursor: page.nextCursor)
    }
}

extension IntercomSearchPage {
    /// Decodes a page; throws when the body is not JSON, not an object or has no `conversations` list.
    public init(json data: Data) throws {
        let page = try IntercomListPage.read(data)
        self.init(items: page.items, totalCount: page.totalCount, nextCursor: page.nextCursor)
    }
}

/// What both lists are made of: `conversations` (objects with an `id`; others are skipped, as one
/// undecodable item must not lose the page), `total_count` and the cursor `pages.next.starting_after`.
struct IntercomListPage {
    var items: [IntercomSearchPage.Item] = []
    var totalCount: Int?
    var nextCursor: String?

    static func read(_ data: Data) throws -> IntercomListPage {
        try JSONReader.read(data) { reader in
            var page = IntercomListPage()
            var isList = false
            var cursor: String?
            let isObject = try reader.readObject { key, reader in
                if key == "conversations" {
                    let items = try reader.readElements(IntercomSearchPage.Item.init(reading:))
                    isList = items != nil
                    page.items = items ?? []
                } else if key == "total_count" {
                    page.totalCount = try reader.readInt64().flatMap { Int(exactly: $0) }
                } else if key == "pages" {
                    _ = try reader.readObject { key, reader in
                        guard key == "next" else { return }
                        _ = try reader.readObject { key, reader in
                            if key == "starting_after" { cursor = try reader.readString() }
                        }
                    }
                }
            }
            guard isObject, isList else {
                throw IntercomShapeError(
                    reason: "a page of conversations is not a JSON object with a `conversations` list"
                )
            }
            page.nextCursor = (cursor?.isEmpty ?? true) ? nil : cursor
            return page
        }
    }
}

extension IntercomSearchPage.Item {
    /// Nil when the value is not an object or its `id` is missing or unusable.
    init?(reading reader: inout JSONReader) throws {
        var id: String?
        var updatedAt: Int64?
        let isObject = try reader.readObject { key, reader in
            if key == "id" {
                id = try reader.readFlexibleID()
            } else if key == "updated_at" {
                updatedAt = try reader.readTimestamp()
            }
        }
        guard isObject, let id else { return nil }
        self.init(id: id, updatedAt: updatedAt)
    }
}
