/// Everything generated about a ticket but its comments' text: enough for the export, show_many and
/// the comment list's shape. Comments are written on demand from ``commentSeed``.
struct TicketHeader: Sendable {
    var id: Int64
    /// Index into ``Phrasebook/all``.
    var phrasebook: Int
    var subject: String
    /// The first comment's plain text.
    var description: String
    var status: String
    var priority: String?
    var type: String?
    var tags: [String]
    var requesterID: Int64
    var assigneeID: Int64?
    var groupID: Int64?
    var organizationID: Int64?
    var brandID: Int64
    var channel: String
    /// "agent" or "ai_agent".
    var supportType: String
    var externalID: String?
    /// "unoffered", "offered", "good" or "bad".
    var satisfaction: String
    var followerIDs: [Int64]
    var collaboratorIDs: [Int64]
    var customFieldValue: String?
    var createdAt: Int64
    var updatedAt: Int64
    var generatedTimestamp: Int64
    /// When each generated comment was made, oldest first (the first is the requester's).
    var commentTimes: [Int64]
    /// The last generated comment is the system author's (an automation closing the ticket).
    var endsWithSystemComment: Bool
    var commentSeed: UInt64
}
