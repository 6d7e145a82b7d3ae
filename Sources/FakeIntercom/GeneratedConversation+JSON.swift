import IngestCore

/// The wire form of a full conversation (`GET /conversations/{id}`).
extension GeneratedConversation {
    /// The retrieve body; with `plainText`, `body` and `subject` are rendered as for `display_as=plaintext`.
    func retrieveJSON(plainText: Bool) -> [String: JSONValue] {
        var object = header.listItemJSON(plainText: plainText)
        let returned = parts.suffix(ConversationGenerator.returnedPartLimit)
        object["conversation_parts"] = [
            "type": "conversation_part.list",
            "conversation_parts": .array(returned.map { $0.json(plainText: plainText) }),
            "total_count": .number(Double(returned.count)),
        ]
        return object
    }
}

extension GeneratedPart {
    /// One `conversation_part`, with the same keys as the 2.16 example.
    func json(plainText: Bool) -> JSONValue {
        let body: JSONValue = bodyHTML.map { .string(plainText ? HTMLText.plainText($0) : $0) } ?? .null
        let assigned: JSONValue = assignedTo.map { ["type": .string($0.type), "id": .string($0.id)] } ?? .null
        return [
            "type": "conversation_part",
            "id": .string(id),
            "part_type": .string(partType),
            "body": body,
            "created_at": .number(Double(createdAt)),
            "updated_at": .number(Double(createdAt)),
            "notified_at": .number(Double(createdAt)),
            "assigned_to": assigned,
            "author": author.json,
            "attachments": .array(attachments.map(\.json)),
            "external_id": .null,
            "redacted": false,
            "email_message_metadata": .null,
            "state": .string(state),
            "tags": [],
            "event_details": .null,
            "app_package_code": .null,
        ]
    }
}
