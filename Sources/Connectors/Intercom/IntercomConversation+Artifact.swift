public import Foundation
import IngestConnectorKit
public import IngestCore

extension IntercomConversation {
    /// The artifact kind of Intercom conversations.
    public static let artifactKind = "conversation"

    /// Whether the API may have left parts out: Intercom returns at most the newest 500, and
    /// `statistics.count_conversation_parts` can count the opening message as a part, so a count one
    /// above the parts returned is a whole conversation. Only 500 parts returned, or a count more than
    /// one above them, shows that parts are missing.
    public var isPossiblyTruncated: Bool {
        parts.count >= 500 || (totalPartCount.map { $0 - parts.count > 1 } ?? false)
    }

    /// Builds the conversation's artifact: a readable transcript for search and export, metadata for
    /// filters, and the raw JSON as received.
    ///
    /// - Parameters:
    ///   - inboxBaseURL: e.g. `https://app.intercom.com/a/inbox/abc123` — the conversation link is
    ///     `<inboxBaseURL>/inbox/conversation/<id>`; nil when the workspace is unknown.
    public func artifact(tenantID: TenantID, rawPayload: Data, inboxBaseURL: String?) -> Artifact {
        let created = createdAt ?? updatedAt ?? 0
        let updated = updatedAt ?? created
        let possiblyTruncated = isPossiblyTruncated
        var metadata: [String: JSONValue] = [
            "conversation_id": .string(id),
            "part_count": .number(Double(parts.count)),
            "possibly_truncated": .bool(possiblyTruncated),
            "contact_ids": .array(contactIDs.map(JSONValue.string)),
            "teammate_ids": .array(teammateIDs.map(JSONValue.string)),
        ]
        if let totalPartCount { metadata["part_count_total"] = .number(Double(totalPartCount)) }
        if let priority { metadata["priority"] = .string(priority) }
        if let open { metadata["open"] = .bool(open) }
        if let read { metadata["read"] = .bool(read) }
        if let adminAssigneeID { metadata["admin_assignee_id"] = .string(adminAssigneeID) }
        if let teamAssigneeID { metadata["team_assignee_id"] = .string(teamAssigneeID) }
        if let type = source?.type { metadata["source_type"] = .string(type) }
        if let deliveredAs = source?.deliveredAs { metadata["delivered_as"] = .string(deliveredAs) }
        if let url = source?.url { metadata["source_url"] = .string(url) }
        if !customAttributes.isEmpty { metadata["custom_attributes"] = .object(customAttributes) }

        let opening = openingText
        return Artifact(
            tenantID: tenantID,
            source: .intercom,
            kind: Self.artifactKind,
            externalID: id,
            title: displayTitle(opening),
            url: inboxBaseURL.map { "\($0)/inbox/conversation/\(id)" },
            createdAt: Date(timeIntervalSince1970: TimeInterval(created)),
            updatedAt: Date(timeIntervalSince1970: TimeInterval(updated)),
            authors: authors,
            tags: tags.compactMap(\.name),
            state: state,
            content: transcript(opening),
            metadata: metadata,
            rawPayload: rawPayload
        )
    }

    /// The title, else the source subject, else the start of the opening message (at most 80
    /// characters, cut at a word).
    func displayTitle(_ opening: OpeningText) -> String {
        if let title, case let text = HTMLText.plainText(fromHTML: title), !text.isEmpty { return Self.oneLine(text) }
        if !opening.subject.isEmpty { return Self.oneLine(opening.subject) }
        if !opening.body.isEmpty { return Self.oneLine(opening.body, limit: 80) }
        return "Conversation \(id)"
    }

    /// The opening message's subject and body as text (empty when absent), converted once for both
    /// the title and the transcript.
    struct OpeningText {
        var subject = ""
        var body = ""
    }

    var openingText: OpeningText {
        OpeningText(
            subject: source?.subject.map { HTMLText.plainText(fromHTML: $0) } ?? "",
            body: source?.body.map { HTMLText.plainText(fromHTML: $0) } ?? ""
        )
    }

    /// Everyone who wrote the opening message or a part, once each, in order of appearance.
    var authors: [ArtifactAuthor] {
        /// Who an author is. The same person may come with and without name or email: their id says
        /// who they are, else their email, else their name.
        enum Identity: Hashable {
            case id(type: String, id: String)
            case email(String)
            case name(String)
        }
        var seen = Set<Identity>()
        var authors: [ArtifactAuthor] = []
        func add(_ author: IntercomAuthor?) {
            guard let author else { return }
            let identity =
                author.id.map { Identity.id(type: author.type ?? "", id: $0) } ?? author.email.map(Identity.email)
                ?? .name(author.name ?? "")
            guard seen.insert(identity).inserted else { return }
            authors.append(ArtifactAuthor(id: author.id, name: author.name, email: author.email, role: author.type))
        }
        add(source?.author)
        for part in parts { add(part.author) }
        return authors
    }

    /// The conversation as a reader would want it: the opening message, then every part in order
    /// with author, role and time; HTML turned into text; attachments listed. Title, state, tags and
    /// link are fields of their own, so search snippets show only what was said.
    func transcript(_ opening: OpeningText) -> String {
        var lines = TranscriptLines()
        if let source {
            lines.append(Self.heading(author: source.author, time: createdAt, what: "opened the conversation"))
            if !opening.subject.isEmpty { lines.append("Subject: \(opening.subject)") }
            if source.redacted == true { lines.append("(redacted)") }
            if !opening.body.isEmpty { lines.append(opening.body) }
            lines.append(contentsOf: Self.attachmentLines(source.attachments))
        }
        for part in parts {
            if !lines.isEmpty { lines.append("") }
            lines.append(Self.heading(author: part.author, time: part.createdAt, what: Self.describe(part)))
            if part.redacted == true { lines.append("(redacted)") }
            if let body = part.body, case let text = HTMLText.plainText(fromHTML: body), !text.isEmpty {
                lines.append(text)
            }
            lines.append(contentsOf: Self.attachmentLines(part.attachments))
        }
        if isPossiblyTruncated, let totalPartCount, totalPartCount > parts.count {
            lines.append("")
            lines.append(
                "(Intercom returned the newest \(parts.count) of \(totalPartCount) parts; earlier parts are not available.)"
            )
        }
        return lines.text
    }

    static func heading(author: IntercomAuthor?, time: Int64?, what: String) -> String {
        let name = author?.name.flatMap { $0.isEmpty ? nil : $0 } ?? author?.email ?? "Unknown"
        return TranscriptFormatting.heading(name: name, role: author?.type ?? "unknown", time: time, what: what)
    }

    static func describe(_ part: IntercomConversationPart) -> String {
        let type = part.partType ?? "part"
        var text: String
        switch type {
        case "comment": text = "replied"
        case "note": text = "added a note"
        case "assignment", "assign_and_reopen", "default_assignment":
            text = "assigned the conversation"
            if let assignee = part.assignedTo, let name = assignee.name ?? assignee.id {
                text += " to \(oneLine(name))"
            }
        case "open": text = "reopened the conversation"
        case "close": text = "closed the conversation"
        case "snoozed": text = "snoozed the conversation"
        case "quick_reply": text = "answered with a quick reply"
        default: text = type.replacingOccurrences(of: "_", with: " ")
        }
        if let action = part.eventActionName { text += " (\(oneLine(action)))" }
        return text
    }

    static func attachmentLines(_ attachments: [IntercomAttachment]) -> [String] {
        attachments.map { attachment in
            var line = "Attachment: \(oneLine(attachment.name ?? "file"))"
            var details: [String] = []
            if let type = attachment.contentType { details.append(type) }
            if let size = attachment.filesize { details.append(byteCount(size)) }
            if !details.isEmpty { line += " (\(details.joined(separator: ", ")))" }
            if let url = attachment.url { line += " \(url)" }
            return line
        }
    }

    static func timestamp(_ seconds: Int64) -> String { TranscriptFormatting.timestamp(seconds) }

    static func byteCount(_ bytes: Int) -> String { TranscriptFormatting.byteCount(bytes) }

    static func oneLine(_ text: String, limit: Int = 120) -> String { TranscriptFormatting.oneLine(text, limit: limit) }
}
