import Foundation
import IngestConnectorKit
public import IngestCore

extension ZendeskTicket {
    /// The artifact kind of Zendesk tickets.
    public static let artifactKind = "ticket"

    /// Builds the ticket's artifact: a transcript of every comment in order (author, role, time, public
    /// reply or internal note), the ticket's fields as metadata, and as raw payload the ticket's JSON
    /// with its comments, as received (less the ticket's `fields`, a duplicate of `custom_fields`, and
    /// each comment's `metadata`, which holds IP addresses and locations).
    ///
    /// `updatedAt` is the ticket's ``version`` (its `generated_timestamp`), so the store's rules —
    /// an older write never replaces a newer one, a tombstone holds until a later change — follow the
    /// export's order; the ticket's own `updated_at` is kept in the metadata.
    public func artifact(
        tenantID: TenantID,
        subdomain: String,
        comments: [ZendeskComment],
        users: [Int64: ZendeskUser]
    ) -> Artifact {
        var metadata: [String: JSONValue] = [
            "ticket_id": .number(Double(id)),
            "comment_count": .number(Double(comments.count)),
            "internal_note_count": .number(Double(comments.filter { !$0.isPublic }.count)),
        ]
        if let status { metadata["status"] = .string(status) }
        if let priority { metadata["priority"] = .string(priority) }
        if let type { metadata["type"] = .string(type) }
        if let requesterID { metadata["requester"] = Self.person(requesterID, users) }
        if let assigneeID { metadata["assignee"] = Self.person(assigneeID, users) }
        if let organizationID { metadata["organization_id"] = .number(Double(organizationID)) }
        if let groupID { metadata["group_id"] = .number(Double(groupID)) }
        if let updatedAt { metadata["ticket_updated_at"] = .number(Double(updatedAt)) }
        if let generatedTimestamp { metadata["generated_timestamp"] = .number(Double(generatedTimestamp)) }

        // {"ticket":…,"comments":[…]}, each as received (less `fields` and each comment's `metadata`).
        var raw: [UInt8] = []
        raw.reserveCapacity(payload.count + comments.reduce(32) { $0 + $1.payload.count + 1 })
        raw.append(contentsOf: #"{"ticket":"#.utf8)
        raw.append(contentsOf: payload)
        raw.append(contentsOf: #","comments":["#.utf8)
        for (position, comment) in comments.enumerated() {
            if position > 0 { raw.append(UInt8(ascii: ",")) }
            raw.append(contentsOf: comment.payload)
        }
        raw.append(contentsOf: "]}".utf8)
        let created = createdAt ?? updatedAt ?? generatedTimestamp ?? 0
        return Artifact(
            tenantID: tenantID,
            source: .zendesk,
            kind: Self.artifactKind,
            externalID: String(id),
            title: displayTitle(comments: comments),
            url: "https://\(subdomain).zendesk.com/agent/tickets/\(id)",
            createdAt: Date(timeIntervalSince1970: TimeInterval(created)),
            updatedAt: Date(timeIntervalSince1970: TimeInterval(version)),
            authors: Self.authors(comments: comments, users: users),
            tags: tags,
            state: status,
            content: Self.transcript(comments: comments, users: users),
            metadata: metadata,
            rawPayload: Data(raw)
        )
    }

    /// The subject, else the start of the first comment, else `Ticket <id>`.
    func displayTitle(comments: [ZendeskComment]) -> String {
        if let subject, case let text = TranscriptFormatting.oneLine(subject), !text.isEmpty { return text }
        if let first = comments.first, case let text = Self.text(of: first), !text.isEmpty {
            return TranscriptFormatting.oneLine(text, limit: 80)
        }
        return "Ticket \(id)"
    }

    static func person(_ id: Int64, _ users: [Int64: ZendeskUser]) -> JSONValue {
        let user = users[id]
        return [
            "id": .number(Double(id)),
            "name": user?.name.map(JSONValue.string) ?? .null,
            "role": user?.role.map(JSONValue.string) ?? .null,
        ]
    }

    /// Comment authors, once each, in order of appearance.
    static func authors(comments: [ZendeskComment], users: [Int64: ZendeskUser]) -> [ArtifactAuthor] {
        var seen = Set<Int64>()
        var authors: [ArtifactAuthor] = []
        for comment in comments {
            guard let authorID = comment.authorID, seen.insert(authorID).inserted else { continue }
            let user = authorID == -1 ? ZendeskUser.system : users[authorID]
            authors.append(
                ArtifactAuthor(id: String(authorID), name: user?.name, email: user?.email, role: user?.role)
            )
        }
        return authors
    }

    /// Every comment in order: `— Name (role) · time · public reply|internal note`, then its text and
    /// attachments.
    static func transcript(comments: [ZendeskComment], users: [Int64: ZendeskUser]) -> String {
        var lines = TranscriptLines()
        for comment in comments {
            if !lines.isEmpty { lines.append("") }
            let user = comment.authorID == -1 ? ZendeskUser.system : comment.authorID.flatMap { users[$0] }
            let name =
                user?.name.flatMap { $0.isEmpty ? nil : $0 } ?? comment.authorID.map { "User \($0)" } ?? "Unknown"
            lines.append(
                TranscriptFormatting.heading(
                    name: name,
                    role: user?.role ?? "unknown",
                    time: comment.createdAt,
                    what: comment.isPublic ? "public reply" : "internal note"
                )
            )
            let text = Self.text(of: comment)
            if !text.isEmpty { lines.append(text) }
            for attachment in comment.attachments {
                var line = "Attachment: \(TranscriptFormatting.oneLine(attachment.fileName ?? "file"))"
                var details: [String] = []
                if let type = attachment.contentType { details.append(type) }
                if let size = attachment.size { details.append(TranscriptFormatting.byteCount(size)) }
                if !details.isEmpty { line += " (\(details.joined(separator: ", ")))" }
                lines.append(line)
            }
        }
        return lines.text
    }

    /// A comment's text: from `html_body` (links and lists kept readable), else `plain_body`, else `body`.
    static func text(of comment: ZendeskComment) -> String {
        if let html = comment.htmlBody, case let text = HTMLText.plainText(fromHTML: html), !text.isEmpty {
            return text
        }
        if let plain = comment.plainBody ?? comment.body {
            return HTMLText.cleaned(plainText: plain)
        }
        return ""
    }
}

extension DocumentSource {
    /// Zendesk Support tickets.
    public static let zendesk = DocumentSource("zendesk")
}
