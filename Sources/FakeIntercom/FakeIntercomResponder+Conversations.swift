import Foundation
import Hummingbird
import HummingbirdCore
import IngestCore

/// `GET /conversations` and `GET /conversations/{id}`.
extension FakeIntercomResponder {
    static let defaultPerPage = 20
    static let maximumPerPage = 150

    func list(
        _ query: FlatDictionary<Substring, Substring>,
        tenant: LiveWorkspace,
        limit: RateLimiter.Decision
    ) -> Response {
        let view = tenant.snapshot
        let count = view.indexCount

        var perPage = Self.defaultPerPage
        if let raw = query["per_page"] {
            guard let value = Int(raw), value >= 1 else {
                return Self.badRequest("per_page must be an integer between 1 and 150", limit: limit)
            }
            if value > Self.maximumPerPage && configuration.rejectPerPageAbove150 {
                return Self.badRequest("per_page must be an integer between 1 and 150", limit: limit)
            }
            perPage = min(value, Self.maximumPerPage)
        }

        let requestedOrder = query["order"].flatMap { $0.isEmpty ? nil : String($0) }
        if let requestedOrder, requestedOrder != "asc", requestedOrder != "desc" {
            return Self.badRequest("order must be asc or desc", limit: limit)
        }
        var order = requestedOrder ?? "desc"
        var position = 0
        var page = 1
        if let raw = query["starting_after"], !raw.isEmpty {
            guard let cursor = ListCursor(encoded: String(raw), count: count),
                requestedOrder == nil || requestedOrder == cursor.order
            else {
                return Self.badRequest("starting_after is invalid", limit: limit)
            }
            order = cursor.order
            position = cursor.position
            page = cursor.page
        }

        func index(at position: Int) -> Int { order == "desc" ? position : count - 1 - position }

        var conversations: [JSONValue] = []
        conversations.reserveCapacity(perPage)
        while position < count && conversations.count < perPage {
            let index = index(at: position)
            position += 1
            guard !view.isDeleted(index) else { continue }
            conversations.append(.object(view.header(at: index).listItemJSON(plainText: false)))
        }
        while position < count && view.isDeleted(index(at: position)) {
            position += 1
        }

        let total = count - view.deletedCount
        var pages: [String: JSONValue] = [
            "type": "pages",
            "page": .number(Double(page)),
            "per_page": .number(Double(perPage)),
            "total_pages": .number(Double((total + perPage - 1) / perPage)),
        ]
        if position < count {
            let next = ListCursor(order: order, position: position, page: page + 1)
            pages["next"] = ["page": .number(Double(page + 1)), "starting_after": .string(next.encoded)]
        }
        let body: [String: JSONValue] = [
            "type": "conversation.list",
            "conversations": .array(conversations),
            "total_count": .number(Double(total)),
            "pages": .object(pages),
        ]
        return Self.json(body, limit: limit)
    }

    func retrieve(
        id: String,
        query: FlatDictionary<Substring, Substring>,
        tenant: LiveWorkspace,
        limit: RateLimiter.Decision
    ) -> Response {
        let view = tenant.snapshot
        guard let index = view.index(ofID: id), !view.isDeleted(index) else {
            return Self.notFound(limit: limit)
        }
        let plainText = query["display_as"] == "plaintext"
        if !plainText, let body = view.renderedBody(at: index) {
            return Self.json(bytes: body, limit: limit)
        }
        return Self.json(view.conversation(at: index).retrieveJSON(plainText: plainText), limit: limit)
    }
}
