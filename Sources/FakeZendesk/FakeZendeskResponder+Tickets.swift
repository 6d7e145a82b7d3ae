import FakeAPIKit
import Foundation
import Hummingbird
import IngestCore

/// The ticket routes: cursor export, `tickets/show_many`, `users/show_many` and `deleted_tickets`.
extension FakeZendeskResponder {
    /// The export holds back what changed in the last minute.
    static let withheldSeconds: Int64 = 60

    /// `GET /api/v2/incremental/tickets/cursor.json`: `start_time` on the first call, `cursor` after;
    /// `per_page` ≤ 1000; `support_type_scope` (default `agent`); `include=users`.
    func export(_ call: Call) -> Response {
        let query = call.query
        let now = Int64(call.now.rounded(.down))
        let visibleUntil = now - Self.withheldSeconds
        let position: ExportCursor
        switch (query["start_time"], query["cursor"]) {
        case (.some, .some):
            return Self.badRequest(
                "InvalidPaginationParameter",
                "start_time and cursor cannot be used together; send cursor alone after the first page",
                limit: call.limit,
                now: call.now
            )
        case (nil, nil):
            return Self.badRequest("InvalidValue", "start_time or cursor is required", limit: call.limit, now: call.now)
        case (let start?, nil):
            guard let startTime = Int64(start), startTime >= 0 else {
                return Self.badRequest(
                    "InvalidValue",
                    "start_time must be Unix seconds",
                    limit: call.limit,
                    now: call.now
                )
            }
            guard startTime <= visibleUntil else {
                return Self.badRequest(
                    "StartTimeTooRecent",
                    "Too recent start_time. Use a start_time older than 1 minute.",
                    limit: call.limit,
                    now: call.now
                )
            }
            position = ExportCursor(startTime: startTime)
        case (nil, let cursor?):
            guard let parsed = ExportCursor(text: cursor) else {
                return Self.badRequest(
                    "InvalidCursor",
                    "The cursor is invalid or has expired",
                    limit: call.limit,
                    now: call.now
                )
            }
            position = parsed
        }
        var perPage = 1_000
        if let value = query["per_page"] {
            guard let number = Int(value), (1...1_000).contains(number) else {
                return Self.badRequest(
                    "InvalidValue",
                    "per_page must be from 1 to 1000",
                    limit: call.limit,
                    now: call.now
                )
            }
            perPage = number
        }
        let scopeText = query["support_type_scope"] ?? "agent"
        guard let scope = AccountSnapshot.SupportTypeScope(rawValue: scopeText) else {
            return Self.badRequest(
                "InvalidValue",
                "support_type_scope must be all, agent or ai_agent",
                limit: call.limit,
                now: call.now
            )
        }
        let page = call.snapshot.exportPage(after: position, limit: perPage, scope: scope, visibleUntil: visibleUntil)
        let after = page.records.last?.exportKey ?? position
        // The links keep the request's other parameters, as Zendesk's do.
        var kept = ""
        for name in ["per_page", "support_type_scope", "include"] {
            if let value = query[name] { kept += "\(name)=\(QueryParameters.encode(value))&" }
        }
        let exportURL = call.baseURL + "/api/v2/incremental/tickets/cursor.json?" + kept + "cursor="
        var body: [String: JSONValue] = [
            "tickets": .array(
                page.records.map { ZendeskJSON.ticket($0, generator: call.snapshot.generator, baseURL: call.baseURL) }
            ),
            "after_cursor": .string(after.text),
            "after_url": .string(exportURL + QueryParameters.encode(after.text)),
            "before_cursor": page.records.first.map { .string($0.exportKey.text) } ?? .null,
            "before_url": page.records.first.map { .string(exportURL + QueryParameters.encode($0.exportKey.text)) }
                ?? .null,
            "end_of_stream": .bool(page.endOfStream),
        ]
        if Self.includes(query, "users") {
            var ids: [Int64] = []
            for record in page.records {
                ids.append(record.header.requesterID)
                if let assignee = record.header.assigneeID { ids.append(assignee) }
            }
            body["users"] = users(ids, call)
        }
        return Self.json(body, limit: call.limit, now: call.now)
    }

    /// `GET /api/v2/tickets/show_many.json?ids=…` (≤ 100): the live tickets among them.
    func showTickets(_ call: Call) -> Response {
        let ids: [Int64]
        switch Self.ids(call.query) {
        case .success(let parsed): ids = parsed
        case .failure(let error):
            return Self.badRequest("InvalidValue", error.message, limit: call.limit, now: call.now)
        }
        let records = ids.compactMap { call.snapshot.record(id: $0) }.filter(\.isLive)
        var body: [String: JSONValue] = [
            "tickets": .array(
                records.map { ZendeskJSON.ticket($0, generator: call.snapshot.generator, baseURL: call.baseURL) }
            )
        ]
        if Self.includes(call.query, "users") {
            body["users"] = users(
                records.flatMap { [$0.header.requesterID] + ($0.header.assigneeID.map { [$0] } ?? []) },
                call
            )
        }
        return Self.json(body, limit: call.limit, now: call.now)
    }

    /// `GET /api/v2/users/show_many.json?ids=…` (≤ 100): the known users among them.
    func showUsers(_ call: Call) -> Response {
        switch Self.ids(call.query) {
        case .success(let ids): return Self.json(["users": users(ids, call)], limit: call.limit, now: call.now)
        case .failure(let error):
            return Self.badRequest("InvalidValue", error.message, limit: call.limit, now: call.now)
        }
    }

    /// `GET /api/v2/deleted_tickets.json`: soft-deleted tickets not scrubbed, cursor pages of
    /// `page[size]` ≤ 100, `sort_by` id or deleted_at, `sort_order` asc or desc.
    func deletedTickets(_ call: Call) -> Response {
        let query = call.query
        var size = 100
        if let value = query["page[size]"] {
            guard let number = Int(value), (1...100).contains(number) else {
                return Self.badRequest(
                    "InvalidPaginationParameter",
                    "page[size] must be from 1 to 100",
                    limit: call.limit,
                    now: call.now
                )
            }
            size = number
        }
        let sortBy = query["sort_by"] ?? "id"
        guard sortBy == "id" || sortBy == "deleted_at" else {
            return Self.badRequest("InvalidValue", "sort_by must be id or deleted_at", limit: call.limit, now: call.now)
        }
        let descending = query["sort_order"] == "desc"
        var records = call.snapshot.deletedRecords
        if sortBy == "deleted_at" {
            records.sort { ($0.deletion?.deletedAt ?? 0, $0.id) < ($1.deletion?.deletedAt ?? 0, $1.id) }
        }
        if descending { records.reverse() }
        var start = 0
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
        }
        let slice = records.dropFirst(start).prefix(size)
        let end = start + slice.count
        let hasMore = end < records.count
        let users = call.snapshot.generator.users
        let items: [JSONValue] = slice.map { record in
            let actor = record.deletion?.actorID ?? 0
            return [
                "id": ZendeskJSON.id(record.id),
                "subject": .string(record.header.subject),
                "actor": ["id": ZendeskJSON.id(actor), "name": ZendeskJSON.string(users.user(id: actor)?.name)],
                "deleted_at": ZendeskJSON.time(record.deletion?.deletedAt ?? 0),
                "previous_state": .string(record.deletion?.previousStatus ?? record.status),
            ]
        }
        let next =
            hasMore
            ? JSONValue.string(
                call.baseURL + "/api/v2/deleted_tickets.json?page%5Bsize%5D=\(size)&sort_by=\(sortBy)"
                    + "&sort_order=\(descending ? "desc" : "asc")&page%5Bafter%5D=\(QueryParameters.encode(Self.offsetCursor(end)))"
            ) : .null
        return Self.json(
            [
                "deleted_tickets": .array(items),
                "meta": [
                    "has_more": .bool(hasMore),
                    "after_cursor": hasMore ? .string(Self.offsetCursor(end)) : .null,
                    "before_cursor": start > 0 ? .string(Self.offsetCursor(start)) : .null,
                ],
                "links": ["next": next, "prev": .null],
            ],
            limit: call.limit,
            now: call.now
        )
    }

    /// The users of `ids` that exist, each once, in the order first named.
    func users(_ ids: [Int64], _ call: Call) -> JSONValue {
        var seen = Set<Int64>()
        var users: [JSONValue] = []
        for id in ids where seen.insert(id).inserted {
            if let user = call.snapshot.generator.users.user(id: id) {
                users.append(ZendeskJSON.user(user, baseURL: call.baseURL))
            }
        }
        return .array(users)
    }

    /// Whether `include` names `resource` (a comma-separated list).
    static func includes(_ query: QueryParameters, _ resource: String) -> Bool {
        (query["include"] ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == resource }
    }

    /// The `ids` parameter: 1 to 100 comma-separated positive integers.
    static func ids(_ query: QueryParameters) -> Result<[Int64], IDsError> {
        guard let text = query["ids"], !text.isEmpty else { return .failure(IDsError("ids is required")) }
        let parts = text.split(separator: ",", omittingEmptySubsequences: true)
        guard parts.count <= 100 else { return .failure(IDsError("ids takes at most 100 ids, got \(parts.count)")) }
        var ids: [Int64] = []
        for part in parts {
            guard let id = Int64(part.trimmingCharacters(in: .whitespaces)) else {
                return .failure(IDsError("ids must be comma-separated integers"))
            }
            ids.append(id)
        }
        return .success(ids)
    }

    /// A rejected `ids` parameter, with Zendesk-style wording.
    struct IDsError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// An opaque cursor for a position in a list (base64 of `{"o":N}`, as Zendesk's list cursors are
    /// base64 JSON).
    static func offsetCursor(_ offset: Int) -> String {
        Data("{\"o\":\(offset)}".utf8).base64EncodedString()
    }

    /// The position of an ``offsetCursor(_:)``, or nil.
    static func offsetCursor(_ text: String) -> Int? {
        guard let decoded = ExportCursor.decodedBase64(text), decoded.hasPrefix("{\"o\":"), decoded.hasSuffix("}"),
            let offset = Int(decoded.dropFirst(5).dropLast()), offset >= 0
        else { return nil }
        return offset
    }
}
