import Foundation
public import IngestCore

/// A ticket as the incremental export (or `show_many`) returns it: the fields the artifact uses, read
/// leniently, and the ticket's JSON as received.
public struct ZendeskTicket: Sendable, Equatable {
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
    /// The ticket's JSON object as received (unknown keys included), less `fields` (a duplicate of
    /// `custom_fields`): what the artifact's raw payload keeps of it.
    public var payload: [UInt8]

    static let leftOutOfPayload: [StaticString] = ["fields"]

    /// Reads a parsed ticket (the rules the reader below follows: ids as numbers or digit strings,
    /// `subject` else `raw_subject`, ISO-8601 times, every field optional).
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
        var kept = json
        kept["fields"] = nil
        payload = JSONValue.object(kept).canonicalBytes
    }

    /// Reads the ticket at `reader` without building its JSON: the fields above, and its members
    /// copied as received into ``payload``. Nil (the value read) when it is not an object or has no id.
    init?(reading reader: inout JSONReader) throws {
        var id: Int64?
        var subject: String?
        var rawSubject: String?
        var status: String?
        var priority: String?
        var type: String?
        var tags: [String] = []
        var requesterID: Int64?
        var assigneeID: Int64?
        var organizationID: Int64?
        var groupID: Int64?
        var createdAt: Int64?
        var updatedAt: Int64?
        var generatedTimestamp: Int64?
        var payload: [UInt8] = []
        let isObject = try reader.readObject(copyingInto: &payload, omitting: Self.leftOutOfPayload) { key, reader in
            if key == "id" {
                id = try ZendeskJSON.id(&reader)
            } else if key == "subject" {
                subject = try reader.readStringRepairing()
            } else if key == "raw_subject" {
                rawSubject = try reader.readStringRepairing()
            } else if key == "status" {
                status = try reader.readStringRepairing()
            } else if key == "priority" {
                priority = try reader.readStringRepairing()
            } else if key == "type" {
                type = try reader.readStringRepairing()
            } else if key == "tags" {
                tags = try ZendeskJSON.strings(&reader)
            } else if key == "requester_id" {
                requesterID = try ZendeskJSON.id(&reader)
            } else if key == "assignee_id" {
                assigneeID = try ZendeskJSON.id(&reader)
            } else if key == "organization_id" {
                organizationID = try ZendeskJSON.id(&reader)
            } else if key == "group_id" {
                groupID = try ZendeskJSON.id(&reader)
            } else if key == "created_at" {
                createdAt = try ZendeskJSON.time(&reader)
            } else if key == "updated_at" {
                updatedAt = try ZendeskJSON.time(&reader)
            } else if key == "generated_timestamp" {
                generatedTimestamp = try ZendeskJSON.id(&reader)
            }
        }
        guard isObject, let id else { return nil }
        self.id = id
        self.subject = subject ?? rawSubject
        self.status = status
        self.priority = priority
        self.type = type
        self.tags = tags
        self.requesterID = requesterID
        self.assigneeID = assigneeID
        self.organizationID = organizationID
        self.groupID = groupID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.generatedTimestamp = generatedTimestamp
        self.payload = payload
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

    /// Reads the user at `reader`; nil (the value read) when it is not an object or has no id.
    init?(reading reader: inout JSONReader) throws {
        var id: Int64?
        var name: String?
        var email: String?
        var role: String?
        let isObject = try reader.readObject { key, reader in
            if key == "id" {
                id = try ZendeskJSON.id(&reader)
            } else if key == "name" {
                name = try reader.readStringRepairing()
            } else if key == "email" {
                email = try reader.readStringRepairing()
            } else if key == "role" {
                role = try reader.readStringRepairing()
            }
        }
        guard isObject, let id else { return nil }
        self.init(id: id, name: name, email: email, role: role)
    }

    /// Zendesk's system and automations write as author `-1`.
    static let system = ZendeskUser(id: -1, name: "Zendesk", email: nil, role: "system")
}

/// A ticket comment: the fields the transcript uses, and its JSON without `metadata` (which holds IP
/// addresses and locations, and is never stored).
public struct ZendeskComment: Sendable, Equatable {
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
    /// The comment's JSON object as received, less `metadata`: what the artifact's raw payload keeps.
    public var payload: [UInt8]

    /// IP addresses and locations: never stored.
    static let leftOutOfPayload: [StaticString] = ["metadata"]

    /// Reads a parsed comment (the rules the reader below follows).
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
        payload = JSONValue.object(object).canonicalBytes
    }

    /// Reads the comment at `reader` without building its JSON: the fields above, and its members
    /// but `metadata` copied as received into ``payload``. Nil (the value read) when it is not an object.
    init?(reading reader: inout JSONReader) throws {
        var id: Int64?
        var authorID: Int64?
        var isPublic: Bool?
        var plainBody: String?
        var htmlBody: String?
        var body: String?
        var createdAt: Int64?
        var type: String?
        var attachments: [ZendeskAttachment] = []
        var payload: [UInt8] = []
        let isObject = try reader.readObject(copyingInto: &payload, omitting: Self.leftOutOfPayload) { key, reader in
            if key == "id" {
                id = try ZendeskJSON.id(&reader)
            } else if key == "author_id" {
                authorID = try ZendeskJSON.id(&reader)
            } else if key == "public" {
                isPublic = try reader.readBool()
            } else if key == "plain_body" {
                plainBody = try reader.readStringRepairing()
            } else if key == "html_body" {
                htmlBody = try reader.readStringRepairing()
            } else if key == "body" {
                body = try reader.readStringRepairing()
            } else if key == "created_at" {
                createdAt = try ZendeskJSON.time(&reader)
            } else if key == "type" {
                type = try reader.readStringRepairing()
            } else if key == "attachments" {
                attachments = try reader.readElements(ZendeskAttachment.init(reading:)) ?? []
            }
        }
        guard isObject else { return nil }
        self.id = id
        self.authorID = authorID
        self.isPublic = isPublic ?? true
        self.plainBody = plainBody
        self.htmlBody = htmlBody
        self.body = body
        self.createdAt = createdAt
        self.type = type
        self.attachments = attachments
        self.payload = payload
    }
}

/// A comment's attachment, listed in the transcript (its content is not downloaded: `content_url` may
/// be on another host, which must never see Zendesk credentials).
public struct ZendeskAttachment: Sendable, Equatable {
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

    /// Reads the attachment at `reader`; nil (the value read) when it is not an object.
    init?(reading reader: inout JSONReader) throws {
        var fileName: String?
        var contentType: String?
        var size: Int?
        var contentURL: String?
        let isObject = try reader.readObject { key, reader in
            if key == "file_name" {
                fileName = try reader.readStringRepairing()
            } else if key == "content_type" {
                contentType = try reader.readStringRepairing()
            } else if key == "size" {
                size = try ZendeskJSON.id(&reader).map { Int($0) }
            } else if key == "content_url" {
                contentURL = try reader.readStringRepairing()
            }
        }
        guard isObject else { return nil }
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.contentURL = contentURL
    }
}
