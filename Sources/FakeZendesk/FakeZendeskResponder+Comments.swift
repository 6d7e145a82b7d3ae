import FakeAPIKit
import Foundation
import Hummingbird
import IngestCore

/// `GET /api/v2/tickets/{id}/comments.json`: cursor pages with `page[size]` (≤ 100, `meta` and
/// `links`), offset pages without it (`page`, `per_page`, `next_page`, `count`), `sort=-created_at`,
/// `include=users`. A deleted or scrubbed ticket answers 404.
extension FakeZendeskResponder {
    func comments(ticketID: Int64, _ call: Call) -> Response {
        guard let record = call.snapshot.record(id: ticketID), record.isLive else {
            return Self.error(
                .notFound,
                code: "RecordNotFound",
                description: "Not found",
                limit: call.limit,
                now: call.now
            )
        }
        let query = call.query
        let descending: Bool
        switch query["sort"] ?? "created_at" {
        case "created_at": descending = false
        case "-created_at": descending = true
        default:
            return Self.badRequest(
                "InvalidValue",
                "sort must be created_at or -created_at",
                limit: call.limit,
                now: call.now
            )
        }
        let count = record.commentCount
        let cursorMode = query.contains("page[size]")
        var size = 100
        var start = 0
        if cursorMode {
            guard let number = Int(query["page[size]"] ?? ""), (1...100).contains(number) else {
                return Self.badRequest(
                    "InvalidPaginationParameter",
                    "page[size] must be from 1 to 100",
                    limit: call.limit,
                    now: call.now
                )
            }
            size = number
            if query.contains("page[after]") && query.contains("page[before]") {
                return Self.badRequest(
                    "InvalidPaginationParameter",
                    "page[before] and page[after] cannot be used together",
                    limit: call.limit,
                    now: call.now
                )
            }
            if let after = query["page[after]"] {
                guard let offset = Self.offsetCursor(after) else {
                    return Self.badRequest(
                        "InvalidPaginationParameter",
                        "page[after] is not a cursor of this list",
                        limit: call.limit,
                        now: call.now
                    )
                }
                start = offset
            } else if let before = query["page[before]"] {
                guard let offset = Self.offsetCursor(before) else {
                    return Self.badRequest(
                        "InvalidPaginationParameter",
                        "page[before] is not a cursor of this list",
                        limit: call.limit,
                        now: call.now
                    )
                }
                start = max(0, offset - size)
            }
        } else {
            if let value = query["per_page"] {
                guard let number = Int(value), (1...100).contains(number) else {
                    return Self.badRequest(
                        "InvalidValue",
                        "per_page must be from 1 to 100",
                        limit: call.limit,
                        now: call.now
                    )
                }
                size = number
            }
            if let value = query["page"] {
                guard let number = Int(value), number >= 1 else {
                    return Self.badRequest(
                        "InvalidValue",
                        "page must be a positive integer",
                        limit: call.limit,
                        now: call.now
                    )
                }
                start = (number - 1) * size
            }
        }
        let positions = Array(max(0, start)..<min(count, max(0, start) + size))
        let end = start + positions.count
        let writer = record.writer(call.snapshot.generator)
        let subdomain = call.snapshot.generator.spec.subdomain
        var generated: [GeneratedComment] = []
        for position in positions {
            generated.append(record.comment(descending ? count - 1 - position : position, writer: writer))
        }
        var body: [String: JSONValue] = [
            "comments": .array(generated.map { ZendeskJSON.comment($0, subdomain: subdomain, baseURL: call.baseURL) })
        ]
        let listURL = call.baseURL + "/api/v2/tickets/\(ticketID)/comments.json"
        // Links keep the request's sort and side-loads, as Zendesk's do.
        let sortPart =
            (descending ? "&sort=-created_at" : "")
            + (query["include"].map { "&include=" + QueryParameters.encode($0) } ?? "")
        if cursorMode {
            let hasMore = end < count
            let after = Self.offsetCursor(end)
            let before = Self.offsetCursor(start)
            body["meta"] = [
                "has_more": .bool(hasMore),
                "after_cursor": positions.isEmpty ? .null : .string(after),
                "before_cursor": positions.isEmpty ? .null : .string(before),
            ]
            body["links"] = [
                "next": hasMore
                    ? .string(
                        listURL + "?page%5Bsize%5D=\(size)\(sortPart)&page%5Bafter%5D=\(QueryParameters.encode(after))"
                    ) : .null,
                "prev": start > 0
                    ? .string(
                        listURL
                            + "?page%5Bsize%5D=\(size)\(sortPart)&page%5Bbefore%5D=\(QueryParameters.encode(before))"
                    ) : .null,
            ]
        } else {
            let page = start / size + 1
            body["count"] = .number(Double(count))
            body["next_page"] = end < count ? .string(listURL + "?page=\(page + 1)&per_page=\(size)\(sortPart)") : .null
            body["previous_page"] =
                page > 1 ? .string(listURL + "?page=\(page - 1)&per_page=\(size)\(sortPart)") : .null
        }
        if Self.includes(query, "users") {
            body["users"] = users(generated.map(\.authorID), call)
        }
        return Self.json(body, limit: call.limit, now: call.now)
    }
}
