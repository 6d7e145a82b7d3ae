import Foundation
import Hummingbird
import HummingbirdCore
import IngestCore

/// `POST /conversations/search` and `GET /conversations/deleted`.
extension FakeIntercomResponder {
    /// Filters on `created_at`, `updated_at` and `id` with `=`, `!=`, `>`, `<`, `>=`, `<=`, `IN`, `NIN`, in
    /// AND/OR groups nested at most 2 levels with at most 15 filters each; `sort` on one of those fields,
    /// `ascending` or `descending` (default: `updated_at` descending); `pagination.per_page` (default 20,
    /// at most 150) and a stateless `starting_after` cursor holding the last item's sort value and id,
    /// so items that change between two pages can move, as on Intercom. `>` and `<` are strict.
    func search(_ body: JSONValue?, tenant: LiveWorkspace, limit: RateLimiter.Decision) -> Response {
        guard let request = body?.objectValue else {
            return Self.badRequest("the request body must be a JSON object", limit: limit)
        }
        guard let queryValue = request["query"] else {
            return Self.badRequest("query is required", limit: limit)
        }
        let filter: SearchFilter
        do {
            filter = try SearchFilter(queryValue, depth: 0)
        } catch {
            return Self.badRequest(error.message, limit: limit)
        }
        var perPage = Self.defaultPerPage
        var cursor: SearchCursor?
        if let pagination = request["pagination"]?.objectValue {
            if let raw = pagination["per_page"] {
                guard case .number(let number) = raw, number >= 1, number == number.rounded() else {
                    return Self.badRequest("per_page must be an integer between 1 and 150", limit: limit)
                }
                perPage = min(Int(number), Self.maximumPerPage)
            }
            if let raw = pagination["starting_after"], raw != .null {
                guard let text = raw.stringValue, let decoded = SearchCursor(encoded: text) else {
                    return Self.badRequest("starting_after is invalid", limit: limit)
                }
                cursor = decoded
            }
        }
        var sortField = "updated_at"
        var ascending = false
        if let sort = request["sort"]?.objectValue {
            guard let field = sort["field"]?.stringValue, SearchFilter.fields.contains(field) else {
                return Self.badRequest("sort.field must be one of: created_at, updated_at, id", limit: limit)
            }
            sortField = field
            switch sort["order"]?.stringValue ?? "descending" {
            case "ascending": ascending = true
            case "descending": ascending = false
            default:
                return Self.error(
                    .badRequest,
                    code: "invalid_sort_order",
                    message: "Must be one of: ascending, descending",
                    limit: limit
                )
            }
        }

        let view = tenant.snapshot
        func value(_ field: String, _ index: Int) -> Int64 {
            switch field {
            case "created_at": view.createdAt(index)
            case "id": Int64(view.number(index))
            default: view.updatedAt(index)
            }
        }
        var matches: [(key: Int64, number: Int, index: Int)] = []
        for index in 0..<view.indexCount where !view.isDeleted(index) {
            if filter.matches({ value($0, index) }) {
                matches.append((value(sortField, index), view.number(index), index))
            }
        }
        matches.sort {
            ascending ? ($0.key, $0.number) < ($1.key, $1.number) : ($0.key, $0.number) > ($1.key, $1.number)
        }
        var start = 0
        var page = 1
        if let cursor {
            page = cursor.page
            start =
                matches.firstIndex {
                    ascending
                        ? ($0.key, $0.number) > (cursor.key, cursor.number)
                        : ($0.key, $0.number) < (cursor.key, cursor.number)
                } ?? matches.count
        }
        let end = min(start + perPage, matches.count)
        let items = matches[start..<end]
        var pages: [String: JSONValue] = [
            "type": "pages",
            "page": .number(Double(page)),
            "per_page": .number(Double(perPage)),
            "total_pages": .number(Double((matches.count + perPage - 1) / perPage)),
        ]
        if end < matches.count, let last = items.last {
            let next = SearchCursor(key: last.key, number: last.number, page: page + 1)
            pages["next"] = ["page": .number(Double(page + 1)), "starting_after": .string(next.encoded)]
        }
        let body: [String: JSONValue] = [
            "type": "conversation.list",
            "conversations": .array(items.map { .object(view.header(at: $0.index).listItemJSON(plainText: false)) }),
            "total_count": .number(Double(matches.count)),
            "pages": .object(pages),
        ]
        return Self.json(body, limit: limit)
    }

    static let maximumDeletedPerPage = 60

    /// `GET /conversations/deleted?page=N&per_page=M&order=desc|asc`: deleted conversations by
    /// `deleted_at` (newest first by default), numbered pages, `next` an absolute URL.
    func deleted(
        _ query: FlatDictionary<Substring, Substring>,
        version: String?,
        tenant: LiveWorkspace,
        limit: RateLimiter.Decision
    ) -> Response {
        if let version, let number = Double(version), number < 2.16 {
            return Self.error(
                .badRequest,
                code: "intercom_version_invalid",
                message: "Requested resource is not available in current API version.",
                limit: limit
            )
        }
        var perPage = 50
        if let raw = query["per_page"] {
            guard let value = Int(raw), (1...Self.maximumDeletedPerPage).contains(value) else {
                return Self.badRequest("per_page must be an integer between 1 and 60", limit: limit)
            }
            perPage = value
        }
        var page = 1
        if let raw = query["page"] {
            guard let value = Int(raw), value >= 1 else {
                return Self.badRequest("page must be a positive integer", limit: limit)
            }
            page = value
        }
        let order = query["order"].map(String.init) ?? "desc"
        guard order == "asc" || order == "desc" else {
            return Self.badRequest("order must be asc or desc", limit: limit)
        }
        let view = tenant.snapshot
        var deletions = view.deletions.map { (deletedAt: $0.deletedAt, number: view.number($0.index)) }
        deletions.sort {
            order == "desc"
                ? ($0.deletedAt, $0.number) > ($1.deletedAt, $1.number)
                : ($0.deletedAt, $0.number) < ($1.deletedAt, $1.number)
        }
        let totalPages = (deletions.count + perPage - 1) / perPage
        let start = min((page - 1) * perPage, deletions.count)
        let end = min(start + perPage, deletions.count)
        var pages: [String: JSONValue] = [
            "type": "pages",
            "page": .number(Double(page)),
            "per_page": .number(Double(perPage)),
            "total_pages": .number(Double(totalPages)),
        ]
        if page < totalPages {
            pages["next"] = .string("/conversations/deleted?order=\(order)&page=\(page + 1)&per_page=\(perPage)")
        }
        let body: [String: JSONValue] = [
            "type": "conversations.list",
            "total_count": .number(Double(deletions.count)),
            "pages": .object(pages),
            "conversations": .array(
                deletions[start..<end].map {
                    [
                        "type": "conversation", "id": .string(String($0.number)), "metrics_retained": false,
                        "deleted_at": .number(Double($0.deletedAt)),
                    ]
                }
            ),
        ]
        return Self.json(body, limit: limit)
    }
}

/// The `starting_after` cursor of a search: base64 of `[sort value, id, next page]`.
struct SearchCursor: Sendable {
    var key: Int64
    var number: Int
    var page: Int

    var encoded: String { Data("[\(key),\(number),\(page)]".utf8).base64EncodedString() }

    init(key: Int64, number: Int, page: Int) {
        self.key = key
        self.number = number
        self.page = page
    }

    init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: " ", with: "+")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("["), text.hasSuffix("]")
        else { return nil }
        let fields = text.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 3, let key = Int64(fields[0]), let number = Int(fields[1]), let page = Int(fields[2]),
            page >= 1
        else { return nil }
        self.init(key: key, number: number, page: page)
    }
}

/// A search `query`: one filter or an AND/OR group.
indirect enum SearchFilter: Sendable {
    case compare(field: String, operator: String, values: [Int64])
    case all([SearchFilter])
    case any([SearchFilter])

    static let fields: Set<String> = ["created_at", "updated_at", "id"]
    static let operators: Set<String> = ["=", "!=", ">", "<", ">=", "<=", "IN", "NIN"]

    struct Invalid: Error {
        var message: String
    }

    init(_ value: JSONValue, depth: Int) throws(Invalid) {
        guard let object = value.objectValue, let op = object["operator"]?.stringValue else {
            throw Invalid(message: "each query must be an object with an operator")
        }
        if op == "AND" || op == "OR" {
            guard depth < 2 else { throw Invalid(message: "query groups nest at most 2 levels") }
            guard let members = object["value"]?.arrayValue, !members.isEmpty else {
                throw Invalid(message: "an \(op) group needs a non-empty value array")
            }
            guard members.count <= 15 else { throw Invalid(message: "an \(op) group holds at most 15 filters") }
            var filters: [SearchFilter] = []
            for member in members { filters.append(try SearchFilter(member, depth: depth + 1)) }
            self = op == "AND" ? .all(filters) : .any(filters)
            return
        }
        guard let field = object["field"]?.stringValue, Self.fields.contains(field) else {
            throw Invalid(message: "field must be one of: created_at, updated_at, id")
        }
        guard Self.operators.contains(op) else {
            throw Invalid(message: "operator \(op) is not supported for \(field)")
        }
        func integer(_ value: JSONValue) throws(Invalid) -> Int64 {
            switch value {
            case .number(let number) where number == number.rounded(): return Int64(number)
            case .string(let text): if let number = Int64(text) { return number }
            default: break
            }
            throw Invalid(message: "the value for \(field) must be an integer")
        }
        guard let raw = object["value"] else { throw Invalid(message: "a filter needs a value") }
        var values: [Int64] = []
        if op == "IN" || op == "NIN" {
            guard let array = raw.arrayValue else { throw Invalid(message: "\(op) takes an array value") }
            for item in array { values.append(try integer(item)) }
        } else {
            values = [try integer(raw)]
        }
        self = .compare(field: field, operator: op, values: values)
    }

    func matches(_ value: (String) -> Int64) -> Bool {
        switch self {
        case .all(let filters): return filters.allSatisfy { $0.matches(value) }
        case .any(let filters): return filters.contains { $0.matches(value) }
        case .compare(let field, let op, let values):
            let actual = value(field)
            switch op {
            case "=": return actual == values[0]
            case "!=": return actual != values[0]
            case ">": return actual > values[0]
            case "<": return actual < values[0]
            case ">=": return actual >= values[0]
            case "<=": return actual <= values[0]
            case "IN": return values.contains(actual)
            default: return !values.contains(actual)
            }
        }
    }
}
