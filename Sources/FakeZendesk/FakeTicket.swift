/// A ticket as the fake holds it now, with all its comments: the truth a complete copy must equal.
public struct FakeTicket: Sendable, Hashable {
    public var id: Int64
    public var subject: String
    /// new, open, pending, hold, solved or closed ("deleted" only in the export).
    public var status: String
    public var priority: String?
    public var type: String?
    public var tags: [String]
    public var requesterID: Int64
    public var assigneeID: Int64?
    /// Unix seconds.
    public var createdAt: Int64
    public var updatedAt: Int64
    public var generatedTimestamp: Int64
    /// Every comment, oldest first.
    public var comments: [FakeComment]

    public init(
        id: Int64,
        subject: String,
        status: String,
        priority: String?,
        type: String?,
        tags: [String],
        requesterID: Int64,
        assigneeID: Int64?,
        createdAt: Int64,
        updatedAt: Int64,
        generatedTimestamp: Int64,
        comments: [FakeComment]
    ) {
        self.id = id
        self.subject = subject
        self.status = status
        self.priority = priority
        self.type = type
        self.tags = tags
        self.requesterID = requesterID
        self.assigneeID = assigneeID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.generatedTimestamp = generatedTimestamp
        self.comments = comments
    }
}
