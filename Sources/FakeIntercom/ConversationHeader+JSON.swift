import IngestCore

/// The wire form of a conversation without its parts (a `conversation_list_item`).
extension ConversationHeader {
    /// The list item, shaped like the 2.16 examples (including `topics: {}` and `ticket: null`).
    func listItemJSON(plainText: Bool) -> [String: JSONValue] {
        [
            "type": "conversation",
            "id": .string(id),
            "title": title.map(JSONValue.string) ?? .null,
            "created_at": .number(Double(createdAt)),
            "updated_at": .number(Double(updatedAt)),
            "waiting_since": waitingSince.map { .number(Double($0)) } ?? .null,
            "snoozed_until": snoozedUntil.map { .number(Double($0)) } ?? .null,
            "source": sourceJSON(plainText: plainText),
            "contacts": contactsJSON,
            "first_contact_reply": firstContactReply,
            "admin_assignee_id": .number(Double(adminAssigneeID)),
            "team_assignee_id": .number(Double(teamAssigneeID)),
            "open": .bool(state != "closed"),
            "state": .string(state),
            "read": .bool(read),
            "tags": tagsJSON,
            "priority": .string(priority),
            "sla_applied": slaApplied,
            "statistics": statistics,
            "conversation_rating": conversationRating,
            "teammates": teammatesJSON,
            "custom_attributes": customAttributes,
            "topics": .object([:]),
            "ticket": .null,
            "linked_objects": ["type": "list", "data": [], "total_count": 0, "has_more": false],
            "ai_agent": aiAgent,
            "ai_agent_participated": .bool(!aiAgent.isNull),
        ]
    }

    private func sourceJSON(plainText: Bool) -> JSONValue {
        [
            "type": .string(sourceType),
            "id": .string(String(number * 10_000)),
            "delivered_as": .string(sourceDeliveredAs),
            "subject": .string(plainText ? HTMLText.plainText(sourceSubject) : sourceSubject),
            "body": .string(plainText ? HTMLText.plainText(sourceBodyHTML) : sourceBodyHTML),
            "author": sourceAuthor.json,
            "attachments": .array(sourceAttachments.map(\.json)),
            "url": sourceURL.map(JSONValue.string) ?? .null,
            "redacted": false,
        ]
    }

    private var contactsJSON: JSONValue {
        var contacts: [JSONValue] = [
            [
                "type": "contact",
                "id": .string(contact.id),
                "external_id": contactExternalID.map(JSONValue.string) ?? .null,
            ]
        ]
        if let extraContact {
            contacts.append(
                [
                    "type": "contact",
                    "id": .string(extraContact.id),
                    "external_id": extraContact.externalID.map(JSONValue.string) ?? .null,
                ]
            )
        }
        return ["type": "contact.list", "contacts": .array(contacts)]
    }

    private var tagsJSON: JSONValue {
        let appliedBy: JSONValue = ["type": "admin", "id": .string(admins[0].id)]
        let tags: [JSONValue] = tags.map { tag in
            [
                "type": "tag",
                "id": .string(tag.id),
                "name": .string(tag.name),
                "applied_at": .number(Double(tagAppliedAt)),
                "applied_by": appliedBy,
            ]
        }
        return ["type": "tag.list", "tags": .array(tags)]
    }

    private var teammatesJSON: JSONValue {
        guard reportsTeammates else { return .null }
        let teammates: [JSONValue] = admins.map { ["type": "admin", "id": .string($0.id)] }
        return ["type": "admin.list", "teammates": .array(teammates)]
    }
}

extension GeneratedAuthor {
    /// `{type, id, name, email}` as on sources and parts.
    var json: JSONValue {
        [
            "type": .string(type),
            "id": .string(id),
            "name": name.map(JSONValue.string) ?? .null,
            "email": email.map(JSONValue.string) ?? .null,
        ]
    }
}

extension GeneratedAttachment {
    /// `{type: "upload", name, url, content_type, filesize, width, height}`; sizes are null for non-images.
    var json: JSONValue {
        let size = imageSize
        return [
            "type": "upload",
            "name": .string(name),
            "url": .string(url),
            "content_type": .string(contentType),
            "filesize": .number(Double(filesize)),
            "width": size.map { .number(Double($0.width)) } ?? .null,
            "height": size.map { .number(Double($0.height)) } ?? .null,
        ]
    }
}
