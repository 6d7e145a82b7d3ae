import Foundation
import IngestCore

/// One page of the cursor-based incremental ticket export.
public struct ZendeskExportPage: Sendable {
    public var tickets: [ZendeskTicket]
    /// Where the next page (or the next sync) starts; the last page carries one too.
    public var afterCursor: String?
    /// Everything up to about a minute ago has been returned.
    public var endOfStream: Bool
    /// Users side-loaded with `include=users` (requesters, assignees …).
    public var users: [ZendeskUser]

    init(body: Data) throws {
        let value = try JSONValue(parsing: body)
        guard let object = value.objectValue, let tickets = object["tickets"]?.arrayValue else {
            throw ZendeskPageError(what: "tickets")
        }
        self.tickets = tickets.compactMap { $0.objectValue.flatMap(ZendeskTicket.init(json:)) }
        afterCursor = ZendeskJSON.string(object["after_cursor"])
        // Stop only on end_of_stream (never on an empty page or a missing next URL).
        endOfStream = ZendeskJSON.bool(object["end_of_stream"]) ?? false
        users = object["users"]?.arrayValue?.compactMap(ZendeskUser.init(json:)) ?? []
    }
}

/// One page of a ticket's comments (cursor pagination).
struct ZendeskCommentPage: Sendable {
    var comments: [ZendeskComment]
    var users: [ZendeskUser]
    var hasMore: Bool
    var afterCursor: String?
    var next: String?

    init(body: Data) throws {
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
