/// One conversation part: a reply, a note or an event such as an assignment or a close.
public struct GeneratedPart: Sendable {
    /// Numeric string, unique within the workspace.
    public let id: String
    /// `comment`, `note`, `assignment`, `open`, `close`, `snoozed` or `quick_reply`.
    public let partType: String
    /// HTML body; `""` for some attachment-only comments, nil for event parts.
    public let bodyHTML: String?
    /// Unix seconds; strictly increasing within a conversation.
    public let createdAt: Int64
    /// Who wrote or caused the part.
    public let author: GeneratedAuthor
    /// Uploaded files.
    public let attachments: [GeneratedAttachment]
    /// Conversation state once this part was applied (`open`, `closed` or `snoozed`).
    let state: String
    /// For assignment parts: the admin or team assigned (`type`, `id`).
    let assignedTo: (type: String, id: String)?
}
