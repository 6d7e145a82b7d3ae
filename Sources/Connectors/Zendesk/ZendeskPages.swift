import Foundation
import IngestCore

/// One page of the cursor-based incremental ticket export.
public struct ZendeskExportPage: Sendable, Equatable {
    public var tickets: [ZendeskTicket]
    /// Where the next page (or the next sync) starts; the last page carries one too.
    public var afterCursor: String?
    /// Everything up to about a minute ago has been returned.
    public var endOfStream: Bool
    /// Users side-loaded with `include=users` (requesters, assignees …).
    public var users: [ZendeskUser]

    /// Reads the page without building its JSON (``ZendeskTicket/init(reading:)``).
    init(body: Data) throws {
        var tickets: [ZendeskTicket]?
        var afterCursor: String?
        var endOfStream: Bool?
        var users: [ZendeskUser] = []
        let isObject = try JSONReader.read(body) { reader in
            try reader.readObject { key, reader in
                if key == "tickets" {
                    tickets = try reader.readElements(ZendeskTicket.init(reading:))
                } else if key == "after_cursor" {
                    afterCursor = try reader.readString()
                } else if key == "end_of_stream" {
                    endOfStream = try reader.readBool()
                } else if key == "users" {
                    users = try reader.readElements(ZendeskUser.init(reading:)) ?? []
                }
            }
        }
        guard isObject, let tickets else { throw ZendeskPageError(what: "tickets") }
        self.tickets = tickets
        self.afterCursor = afterCursor
        // Stop only on end_of_stream (never on an empty page or a missing next URL).
        self.endOfStream = endOfStream ?? false
        self.users = users
    }

    /// Reads the page as a parsed tree (the reference ``init(body:)`` is tested against).
    init(parsing body: Data) throws {
        let value = try JSONValue(parsing: body)
        guard let object = value.objectValue, let tickets = object["tickets"]?.arrayValue else {
            throw ZendeskPageError(what: "tickets")
        }
        self.tickets = tickets.compactMap { $0.objectValue.flatMap(ZendeskTicket.init(json:)) }
        afterCursor = ZendeskJSON.string(object["after_cursor"])
        endOfStream = ZendeskJSON.bool(object["end_of_stream"]) ?? false
        users = object["users"]?.arrayValue?.compactMap(ZendeskUser.init(json:)) ?? []
    }
}

/// One page of a ticket's comments (cursor pagination).
struct ZendeskCommentPage: Sendable, Equatable {
    var comments: [ZendeskComment]
    var users: [ZendeskUser]
    var hasMore: Bool
    var afterCursor: String?
    var next: String?

    /// Reads the page without building its JSON (``ZendeskComment/init(reading:)``).
    init(body: Data) throws {
        var comments: [ZendeskComment]?
        var users: [ZendeskUser] = []
        var hasMore: Bool?
        var afterCursor: String?
        var next: String?
        let isObject = try JSONReader.read(body) { reader in
            try reader.readObject { key, reader in
                if key == "comments" {
                    comments = try reader.readElements(ZendeskComment.init(reading:))
                } else if key == "users" {
                    users = try reader.readElements(ZendeskUser.init(reading:)) ?? []
                } else if key == "meta" {
                    _ = try reader.readObject { key, reader in
                        if key == "has_more" {
                            hasMore = try reader.readBool()
                        } else if key == "after_cursor" {
                            afterCursor = try reader.readString()
                        }
                    }
                } else if key == "links" {
                    _ = try reader.readObject { key, reader in
                        if key == "next" { next = try reader.readString() }
                    }
                }
            }
        }
        guard isObject, let comments else { throw ZendeskPageError(what: "comments") }
        self.comments = comments
        self.users = users
        self.hasMore = hasMore ?? false
        self.afterCursor = afterCursor
        self.next = next
    }

    /// Reads the page as a parsed tree (the reference ``init(body:)`` is tested against).
    init(parsing body: Data) throws {
        let value = try JSONValue(parsing: body)
        guard let object = value.objectValue, let comments = object["comments"]?.arrayValue else {
            throw ZendeskPageError(what: "comments")
        }
        self.comments = comments.compactMap(ZendeskComment.init(json:))
        users = object["users"]?.arrayValue?.compactMap(ZendeskUser.init(json:)) ?? []
        let meta = object["meta"]?.objectValue
        hasMore = ZendeskJSON.bool(meta?["has_more"]) ?? false
        afterCursor = ZendeskJSON.string(meta?["after_cursor"])
        next = ZendeskJSON.string(object["links"]?.objectValue?["next"])
    }
}

/// `show_many` answers read with a ``JSONReader``.
enum ZendeskPageReading {
    /// The list under `key` of a `show_many` answer; throws when the answer has none.
    static func showMany<Element>(
        _ body: Data,
        key: StaticString,
        _ element: (inout JSONReader) throws -> Element?
    ) throws -> [Element] {
        var elements: [Element]?
        let isObject = try JSONReader.read(body) { reader in
            try reader.readObject { name, reader in
                if name == key { elements = try reader.readElements(element) }
            }
        }
        guard isObject, let elements else { throw ZendeskPageError(what: "\(key)") }
        return elements
    }
}
