public import Foundation
import IngestCore

/// Decoding of the hot wire model, `GET /conversations/{id}`, with ``JSONReader``: the values the
/// `Decodable` conformances give (a test decodes every example of Intercom's documentation, generated
/// workspaces and hand-made oddities both ways and compares), without `JSONDecoder`'s boxing of every
/// value, and without looking at what the artifact does not use (statistics but the part count,
/// SLA, ratings, AI agent details …), which is skipped unread. The raw payload is kept byte-exact by
/// the caller, not rebuilt from this.
extension IntercomConversation {
    /// Decodes a conversation; throws when the body is not JSON, not an object or has no usable `id`.
    public init(json data: Data) throws {
        self = try JSONReader.read(data) { reader in
            guard let conversation = try IntercomConversation(reading: &reader) else {
                throw IntercomShapeError(reason: "a conversation is not a JSON object with an id")
            }
            return conversation
        }
    }

    /// Nil when the value is not an object or its `id` is missing or neither a string nor an integer.
    init?(reading reader: inout JSONReader) throws {
        var id: String?
        var title: String?
        var createdAt: Int64?
        var updatedAt: Int64?
        var state: String?
        var open: Bool?
        var read: Bool?
        var priority: String?
        var adminAssigneeID: String?
        var teamAssigneeID: String?
        var source: IntercomConversationSource?
        var contactIDs: [String] = []
        var teammateIDs: [String] = []
        var tags: [IntercomTag] = []
        var parts: [IntercomConversationPart] = []
        var totalPartCount: Int?
        var customAttributes: [String: JSONValue] = [:]
        let isObject = try reader.readObject { key, reader in
            if key == "id" {
                id = try reader.readFlexibleID()
            } else if key == "conversation_parts" {
                parts = []
                _ = try reader.readObject { key, reader in
                    guard key == "conversation_parts" else { return }
                    // One undecodable part must not drop the others.
                    parts = try reader.readElements(IntercomConversationPart.init(reading:)) ?? []
                }
            } else if key == "title" {
                title = try reader.readString()
            } else if key == "created_at" {
                createdAt = try reader.readTimestamp()
            } else if key == "updated_at" {
                updatedAt = try reader.readTimestamp()
            } else if key == "state" {
                state = try reader.readString()
            } else if key == "open" {
                open = try reader.readBool()
            } else if key == "read" {
                read = try reader.readBool()
            } else if key == "priority" {
                priority = try reader.readString()
            } else if key == "admin_assignee_id" {
                adminAssigneeID = try reader.readFlexibleID()
            } else if key == "team_assignee_id" {
                teamAssigneeID = try reader.readFlexibleID()
            } else if key == "source" {
                source = try IntercomConversationSource(reading: &reader)
            } else if key == "contacts" {
                contactIDs = try reader.readReferenceIDs(listedUnder: "contacts")
            } else if key == "teammates" {
                teammateIDs = try reader.readReferenceIDs(listedUnder: "teammates")
            } else if key == "tags" {
                tags = []
                _ = try reader.readObject { key, reader in
                    guard key == "tags" else { return }
                    tags = try reader.readStrictArray { reader in try IntercomTag(reading: &reader) } ?? []
                }
            } else if key == "statistics" {
                totalPartCount = nil
                _ = try reader.readObject { key, reader in
                    if key == "count_conversation_parts" {
                        totalPartCount = try reader.readInt64().flatMap(Int.init(exactly:))
                    }
                }
            } else if key == "custom_attributes" {
                customAttributes = try reader.readJSONValue()?.objectValue ?? [:]
            }
        }
        guard isObject, let id else { return nil }
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.state = state
        self.open = open
        self.read = read
        self.priority = priority
        self.adminAssigneeID = adminAssigneeID
        self.teamAssigneeID = teamAssigneeID
        self.source = source
        self.contactIDs = contactIDs
        self.teammateIDs = teammateIDs
        self.tags = tags
        self.parts = parts
        self.totalPartCount = totalPartCount
        self.customAttributes = customAttributes
    }
}

/// A body that is JSON but not the shape of the model.
struct IntercomShapeError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

extension IntercomConversationPart {
    /// Nil when the value is not an object or its `id` is missing or unusable.
    init?(reading reader: inout JSONReader) throws {
        var id: String?
        var partType: String?
        var body: String?
        var createdAt: Int64?
        var updatedAt: Int64?
        var author: IntercomAuthor?
        var assignedTo: IntercomAuthor?
        var attachments: [IntercomAttachment] = []
        var redacted: Bool?
        var eventActionName: String?
        let isObject = try reader.readObject { key, reader in
            if key == "id" {
                id = try reader.readFlexibleID()
            } else if key == "body" {
                body = try reader.readString()
            } else if key == "part_type" {
                partType = try reader.readString()
            } else if key == "created_at" {
                createdAt = try reader.readTimestamp()
            } else if key == "updated_at" {
                updatedAt = try reader.readTimestamp()
            } else if key == "author" {
                author = try IntercomAuthor(reading: &reader)
            } else if key == "assigned_to" {
                assignedTo = try IntercomAuthor(reading: &reader)
            } else if key == "attachments" {
                attachments = try reader.readAttachments()
            } else if key == "redacted" {
                redacted = try reader.readBool()
            } else if key == "event_details" {
                var action: String?
                var attribute: String?
                let isDetails = try reader.readObject { key, reader in
                    if key == "action" {
                        action = try reader.readName()
                    } else if key == "attribute" {
                        attribute = try reader.readName()
                    }
                }
                eventActionName = isDetails ? action ?? attribute : nil
            }
        }
        guard isObject, let id else { return nil }
        self.id = id
        self.partType = partType
        self.body = body
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.author = author
        self.assignedTo = assignedTo
        self.attachments = attachments
        self.redacted = redacted
        self.eventActionName = eventActionName
    }
}

extension IntercomConversationSource {
    /// Nil when the value is not an object.
    init?(reading reader: inout JSONReader) throws {
        var type: String?
        var id: String?
        var deliveredAs: String?
        var subject: String?
        var body: String?
        var author: IntercomAuthor?
        var attachments: [IntercomAttachment] = []
        var url: String?
        var redacted: Bool?
        let isObject = try reader.readObject { key, reader in
            if key == "body" {
                body = try reader.readString()
            } else if key == "type" {
                type = try reader.readString()
            } else if key == "id" {
                id = try reader.readFlexibleID()
            } else if key == "delivered_as" {
                deliveredAs = try reader.readString()
            } else if key == "subject" {
                subject = try reader.readString()
            } else if key == "author" {
                author = try IntercomAuthor(reading: &reader)
            } else if key == "attachments" {
                attachments = try reader.readAttachments()
            } else if key == "url" {
                url = try reader.readString()
            } else if key == "redacted" {
                redacted = try reader.readBool()
            }
        }
        guard isObject else { return nil }
        self.type = type
        self.id = id
        self.deliveredAs = deliveredAs
        self.subject = subject
        self.body = body
        self.author = author
        self.attachments = attachments
        self.url = url
        self.redacted = redacted
    }
}

extension IntercomAuthor {
    /// Nil when the value is not an object.
    init?(reading reader: inout JSONReader) throws {
        var type: String?
        var id: String?
        var name: String?
        var email: String?
        let isObject = try reader.readObject { key, reader in
            if key == "type" {
                type = try reader.readString()
            } else if key == "id" {
                id = try reader.readFlexibleID()
            } else if key == "name" {
                name = try reader.readString()
            } else if key == "email" {
                email = try reader.readString()
            }
        }
        guard isObject else { return nil }
        self.init(type: type, id: id, name: name, email: email)
    }
}

extension IntercomAttachment {
    /// Nil when the value is not an object.
    init?(reading reader: inout JSONReader) throws {
        var name: String?
        var url: String?
        var contentType: String?
        var filesize: Int?
        let isObject = try reader.readObject { key, reader in
            if key == "name" {
                name = try reader.readString()
            } else if key == "url" {
                url = try reader.readString()
            } else if key == "content_type" {
                contentType = try reader.readString()
            } else if key == "filesize" {
                filesize = try reader.readInt64().flatMap(Int.init(exactly:))
            }
        }
        guard isObject else { return nil }
        self.name = name
        self.url = url
        self.contentType = contentType
        self.filesize = filesize
    }
}

extension IntercomTag {
    /// Nil when the value is not an object.
    init?(reading reader: inout JSONReader) throws {
        var id: String?
        var name: String?
        let isObject = try reader.readObject { key, reader in
            if key == "id" {
                id = try reader.readFlexibleID()
            } else if key == "name" {
                name = try reader.readString()
            }
        }
        guard isObject else { return nil }
        self.id = id
        self.name = name
    }
}

/// The lenient rules of `LenientDecoding.swift`, for the reader.
extension JSONReader {
    /// ``FlexibleID``: a string, or an integer (also written as `1.0`) as its decimal text; nil otherwise.
    mutating func readFlexibleID() throws -> String? {
        switch try kind() {
        case .string: return try readString()
        case .number:
            // As `FlexibleID`: an `Int64`, else a `Double` that is one.
            guard let number = try readNumber() else { return nil }
            return (number.int64 ?? number.double.flatMap { Int64(exactly: $0) }).map { String($0) }
        default:
            try skipValue()
            return nil
        }
    }

    /// `lenientTimestamp`: an integer, a finite number (its whole part) or a numeric string.
    mutating func readTimestamp() throws -> Int64? {
        switch try kind() {
        case .number:
            guard let number = try readNumber() else { return nil }
            if let integer = number.int64 { return integer }
            return number.double.flatMap { Int64(exactly: $0.rounded(.towardZero)) }
        case .string: return try readString().flatMap { Int64($0) }
        default:
            try skipValue()
            return nil
        }
    }

    /// `{"<field>": [{"id": …}, …]}` as the ids present: none when the value is not such an object,
    /// or when any element of the list is not an object (the `Decodable` list fails as a whole then).
    mutating func readReferenceIDs(listedUnder field: StaticString) throws -> [String] {
        var ids: [String] = []
        _ = try readObject { key, reader in
            guard key == field else { return }
            let references = try reader.readStrictArray { reader -> String?? in
                var id: String?
                let isObject = try reader.readObject { key, reader in
                    if key == "id" { id = try reader.readFlexibleID() }
                }
                return isObject ? .some(id) : nil
            }
            ids = references?.compactMap { $0 } ?? []
        }
        return ids
    }

    /// Attachments, each element that is not an object dropped on its own.
    mutating func readAttachments() throws -> [IntercomAttachment] {
        try readElements(IntercomAttachment.init(reading:)) ?? []
    }

    /// `{"name": "…"}`'s name; nil when the value is not an object or its name is not a string.
    mutating func readName() throws -> String? {
        var name: String?
        _ = try readObject { key, reader in
            if key == "name" { name = try reader.readString() }
        }
        return name
    }
}
