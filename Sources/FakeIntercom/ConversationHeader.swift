import IngestCore

/// Everything about a generated conversation except its parts.
///
/// The list endpoint needs only this, so listing never pays for generating parts. Header fields are
/// drawn from the conversation's own random stream; the parts come from a second stream (`partSeed`),
/// so the header does not depend on how the parts turn out.
struct ConversationHeader: Sendable {
    let index: Int
    let number: Int
    let id: String
    var createdAt: Int64
    var updatedAt: Int64
    let title: String?
    let state: String
    let read: Bool
    let priority: String
    let adminAssigneeID: Int
    let teamAssigneeID: Int
    let waitingSince: Int64?
    let snoozedUntil: Int64?

    let sourceType: String
    let sourceDeliveredAs: String
    let sourceSubject: String
    let sourceBodyHTML: String
    let sourceAuthor: GeneratedAuthor
    let sourceURL: String?
    let sourceAttachments: [GeneratedAttachment]

    /// The conversation's contact, as a part author.
    let contact: GeneratedAuthor
    let contactExternalID: String?
    /// A second contact added to a few group conversations: (id, external id).
    let extraContact: (id: String, externalID: String?)?
    /// Teammates taking part, the assignee (if any) first.
    let admins: [GeneratedAuthor]
    /// Whether `teammates` is reported (it is `null` on some conversations, as on real ones).
    let reportsTeammates: Bool
    /// Tag names with their ids.
    let tags: [(id: String, name: String)]
    let tagAppliedAt: Int64

    let customAttributes: JSONValue
    let firstContactReply: JSONValue
    let slaApplied: JSONValue
    let statistics: JSONValue
    let conversationRating: JSONValue
    let aiAgent: JSONValue

    /// True total of parts (`statistics.count_conversation_parts`).
    let partCount: Int
    /// Whether one comment part carries a 20–100 KB body.
    let hasLongPart: Bool
    let writer: BodyWriter
    let partSeed: UInt64
}
