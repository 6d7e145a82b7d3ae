import Foundation
public import IngestCore

/// A ticket as the incremental export (or `show_many`) returns it: the fields the artifact uses, read
/// leniently, and the ticket's JSON as received.
public struct ZendeskTicket: Sendable {
    public var id: Int64
    public var subject: String?
    /// `new`, `open`, `pending`, `hold`, `solved`, `closed`, or `deleted` in the export.
    public var status: String?
    public var priority: String?
    public var type: String?
    public var tags: [String]
    public var requesterID: Int64?
    public var assigneeID: Int64?
    public var organizationID: Int64?
    public var groupID: Int64?
    public var createdAt: Int64?
    /// Moves only when a ticket event happens.
    public var updatedAt: Int64?
    /// Moves on every change, system updates included: the export's order and this copy's version.
    public var generatedTimestamp: Int64?
    /// The ticket's JSON object as received (unknown keys included).
    public var json: [String: JSONValue]

    public init?(json: [String: JSONValue]) {
        guard let id = ZendeskJSON.id(json["id"]) else { return nil }
        self.id = id
        subject = ZendeskJSON.string(json["subject"]) ?? ZendeskJSON.string(json["raw_subject"])
        status = ZendeskJSON.string(json["status"])
        priority = ZendeskJSON.string(json["priority"])
        type = ZendeskJSON.string(json["type"])
        tags = ZendeskJSON.strings(json["tags"])
        requesterID = ZendeskJSON.id(json["requester_id"])
        assigneeID = ZendeskJSON.id(json["assignee_id"])
        organizationID = ZendeskJSON.id(json["organization_id"])
        groupID = ZendeskJSON.id(json["group_id"])
        createdAt = ZendeskJSON.time(json["created_at"])
        updatedAt = ZendeskJSON.time(json["updated_at"])
        generatedTimestamp = ZendeskJSON.id(json["generated_timestamp"])
        self.json = json
    }

    public var isDeleted: Bool { status == "deleted" }

    /// The version of this copy: the export's `generated_timestamp` (it moves on every change), else
    /// `updated_at`. Stored as the artifact's `updatedAt`, so an older write never replaces a newer
    /// one and a tombstone holds until the ticket changes again (a restore).
    public var version: Int64 {
        max(generatedTimestamp ?? 0, updatedAt ?? 0, createdAt ?? 0)
    }
}

/// A user (requester, assignee or comment author), as side-loaded or from `users/show_many`. Only what
/// the transcript needs is kept.
public struct ZendeskUser: Sendable, Hashable {
    public var id: Int64
    public var name: String?
    public var email: String?
    /// `end-user`, `agent` or `admin`.
    public var role: String?

    public init(id: Int64, name: String?, email: String?, role: String?) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
    }

    init?(json: JSONValue) {
        guard let object = json.objectValue, let id = ZendeskJSON.id(object["id"]) else { return nil }
        self.init(
            id: id,
            name: ZendeskJSON.string(object["name"]),
            email: ZendeskJSON.string(object["email"]),
            role: ZendeskJSON.string(object["role"])
        )
    }

    /// Zendesk's system and automations write as author `-1`.
    static let system = ZendeskUser(id: -1, name: "Zendesk", email: nil, role: "system")
}

/// A ticket comment: the fields the transcript uses, and its JSON without `metadata` (which holds IP
/// addresses and locations, and is never stored).
public struct ZendeskComment: Sendable {
    public var id: Int64?
    public var authorID: Int64?
    /// False for an internal note.
    public var isPublic: Bool
    public var plainBody: String?
    public var htmlBody: String?
    public var body: String?
    public var createdAt: Int64?
    public var type: String?
    public var attachments: [ZendeskAttachment]
    /// The comment's JSON as received, less `metadata`.
    public var json: [String: JSONValue]

    public init?(json value: JSONValue) {
        guard var object = value.objectValue else { return nil }
        object["metadata"] = nil
        id = ZendeskJSON.id(object["id"])
        authorID = ZendeskJSON.id(object["author_id"])
        isPublic = ZendeskJSON.bool(object["public"]) ?? true
        plainBody = ZendeskJSON.string(object["plain_body"])
        htmlBody = ZendeskJSON.string(object["html_body"])
        body = ZendeskJSON.string(object["body"])
        createdAt = ZendeskJSON.time(object["created_at"])
        type = ZendeskJSON.string(object["type"])
        attachments = object["attachments"]?.arrayValue?.compactMap(ZendeskAttachment.init(json:)) ?? []
        json = object
    }
}

/// A comment's attachment, listed in the transcript (its content is not downloaded: `content_url` may
/// be on another host, which must never see Zendesk credentials).
public struct ZendeskAttachment: Sendable {
    public var fileName: String?
    public var contentType: String?
    public var size: Int?
    public var contentURL: String?

    init?(json: JSONValue) {
        guard let object = json.objectValue else { return nil }
        fileName = ZendeskJSON.string(object["file_name"])
        contentType = ZendeskJSON.string(object["content_type"])
        size = ZendeskJSON.id(object["size"]).map { Int($0) }
        contentURL = ZendeskJSON.string(object["content_url"])
    }
}
