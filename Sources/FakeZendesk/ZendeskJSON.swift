import IngestCore

/// Zendesk's JSON for tickets, comments and users, with the field names of the reference's examples.
enum ZendeskJSON {
    static func time(_ seconds: Int64) -> JSONValue {
        .string(CivilTime(unixSeconds: seconds).iso8601)
    }

    static func id(_ value: Int64?) -> JSONValue {
        value.map { .number(Double($0)) } ?? .null
    }

    static func ids(_ values: [Int64]) -> JSONValue {
        .array(values.map { .number(Double($0)) })
    }

    static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    static func ticket(_ record: TicketRecord, generator: TicketGenerator, baseURL: String) -> JSONValue {
        let header = record.header
        let requester = generator.users.user(id: header.requesterID)
        let support = "support@\(generator.spec.subdomain).zendesk.com"
        let customFields: JSONValue = .array([
            ["id": 360_005_551, "value": string(header.customFieldValue)],
            ["id": 360_005_552, "value": .null],
        ])
        let satisfaction: JSONValue =
            header.satisfaction == "good" || header.satisfaction == "bad"
            ? ["score": .string(header.satisfaction), "id": id(9_100_000_000 + header.id), "comment": .null]
            : ["score": .string(header.satisfaction)]
        let via: JSONValue =
            header.channel == "email"
            ? [
                "channel": "email",
                "source": [
                    "from": ["address": string(requester?.email), "name": string(requester?.name)],
                    "to": ["address": .string(support), "name": .string(generator.supportName)],
                    "rel": .null,
                ],
            ]
            : ["channel": .string(header.channel), "source": ["from": [:], "to": [:], "rel": .null]]
        return [
            "id": id(header.id),
            "url": .string("\(baseURL)/api/v2/tickets/\(header.id).json"),
            "external_id": string(header.externalID),
            "created_at": time(header.createdAt),
            "updated_at": time(record.updatedAt),
            "generated_timestamp": id(record.generatedTimestamp),
            "type": string(header.type),
            "subject": .string(header.subject),
            "raw_subject": .string(header.subject),
            "description": .string(header.description),
            "priority": string(header.priority),
            "status": .string(record.exportedStatus),
            "custom_status_id": id(record.deletion == nil ? 3_600_000 + Int64(statusIndex(record.status)) : nil),
            "recipient": header.channel == "email" ? .string(support) : .null,
            "requester_id": id(header.requesterID),
            "submitter_id": id(header.requesterID),
            "assignee_id": id(header.assigneeID),
            "organization_id": id(header.organizationID),
            "group_id": id(header.groupID),
            "brand_id": id(header.brandID),
            "collaborator_ids": ids(header.collaboratorIDs),
            "follower_ids": ids(header.followerIDs),
            "email_cc_ids": ids(header.collaboratorIDs),
            "followup_ids": [],
            "forum_topic_id": .null,
            "problem_id": .null,
            "has_incidents": false,
            "is_public": true,
            "due_at": header.type == "task" ? time(header.createdAt + 7 * 86_400) : .null,
            "tags": .array(header.tags.map(JSONValue.string)),
            "custom_fields": customFields,
            "fields": customFields,
            "satisfaction_rating": satisfaction,
            "sharing_agreement_ids": [],
            "ticket_form_id": 360_000_101,
            "allow_channelback": false,
            "allow_attachments": true,
            "from_messaging_channel": .bool(header.channel == "whatsapp" || header.channel == "chat"),
            "support_type": .string(header.supportType),
            "encoded_id": .string(encodedID(header.id)),
            "via": via,
        ]
    }

    static func comment(_ comment: GeneratedComment, subdomain: String, baseURL: String) -> JSONValue {
        let location = Vocabulary.locations[comment.location]
        let attachments: [JSONValue] = comment.attachments.map { attachment in
            let token = String(attachment.id, radix: 36)
            let content = "https://\(subdomain).zendesk.com/attachments/token/\(token)/?name=\(attachment.fileName)"
            return [
                "id": id(attachment.id),
                "file_name": .string(attachment.fileName),
                "content_url": .string(content),
                "mapped_content_url": .string(content),
                "url": .string("\(baseURL)/api/v2/attachments/\(attachment.id).json"),
                "content_type": .string(attachment.contentType),
                "size": .number(Double(attachment.size)),
                "width": attachment.width.map { .number(Double($0)) } ?? .null,
                "height": attachment.height.map { .number(Double($0)) } ?? .null,
                "inline": .bool(attachment.inline),
                "deleted": false,
                "malware_access_override": false,
                "malware_scan_result": "malware_not_found",
                "thumbnails": [],
            ]
        }
        return [
            "id": id(comment.id),
            "type": "Comment",
            "author_id": id(comment.authorID),
            "body": .string(comment.text.plain),
            "html_body": .string(comment.text.html),
            "plain_body": .string(comment.text.plain),
            "public": .bool(comment.isPublic),
            "attachments": .array(attachments),
            "audit_id": id(comment.auditID),
            "via": ["channel": .string(comment.channel), "source": ["from": [:], "to": [:], "rel": .null]],
            "metadata": [
                "system": [
                    "client": .string(comment.client),
                    "ip_address": .string(comment.ipAddress),
                    "location": .string(location.name),
                    "latitude": .number(location.latitude),
                    "longitude": .number(location.longitude),
                ],
                "custom": [:],
            ],
            "created_at": time(comment.createdAt),
        ]
    }

    static func user(_ user: GeneratedUser, baseURL: String) -> JSONValue {
        [
            "id": id(user.id),
            "url": .string("\(baseURL)/api/v2/users/\(user.id).json"),
            "name": .string(user.name),
            "email": .string(user.email),
            "phone": string(user.phone),
            "role": .string(user.role),
            "role_type": user.role == "end-user" ? .null : 0,
            "active": true,
            "verified": true,
            "suspended": false,
            "locale": .string(user.locale),
            "locale_id": 1,
            "time_zone": .string(user.timeZone),
            "iana_time_zone": .null,
            "organization_id": id(user.organizationID),
            "external_id": .null,
            "alias": .null,
            "tags": .array(user.tags.map(JSONValue.string)),
            "user_fields": [:],
            "photo": .null,
            "created_at": time(user.createdAt),
            "updated_at": time(user.createdAt + 3_600),
            "last_login_at": user.role == "end-user" ? .null : time(user.createdAt + 86_400),
            "signature": .null,
            "details": "",
            "notes": "",
            "shared": false,
            "shared_agent": false,
            "moderator": .bool(user.role != "end-user"),
            "ticket_restriction": user.role == "end-user" ? "requested" : .null,
            "only_private_comments": false,
            "restricted_agent": false,
            "custom_role_id": .null,
            "default_group_id": user.role == "end-user" ? .null : id(360_000_700_000),
        ]
    }

    private static func statusIndex(_ status: String) -> Int {
        ["new", "open", "pending", "hold", "solved", "closed"].firstIndex(of: status) ?? 0
    }

    /// A short public ticket code like Zendesk's `encoded_id` ("KV4G3Z-9XQ2").
    private static func encodedID(_ id: Int64) -> String {
        let text = String(UInt64(id) &* 2_654_435_761 % 2_176_782_336, radix: 36).uppercased()
        return String(repeating: "0", count: max(0, 6 - text.count)) + text + "-" + String(id, radix: 36).uppercased()
    }
}
