/// One comment of a ``FakeTicket``.
public struct FakeComment: Sendable, Hashable {
    public var id: Int64
    /// A user's id, or -1 for Zendesk's system author (automations), which no users endpoint returns.
    public var authorID: Int64
    /// The author's name ("Zendesk" for the system author).
    public var authorName: String
    /// "end-user", "agent" or "admin" ("system" for author -1).
    public var authorRole: String
    /// False for an internal note.
    public var isPublic: Bool
    /// The text as plain text (`plain_body`, also sent as `body`).
    public var plainBody: String
    /// The HTML (`html_body`), wrapped in `<div class="zd-comment" dir="auto">`.
    public var htmlBody: String
    /// Unix seconds.
    public var createdAt: Int64

    public init(
        id: Int64,
        authorID: Int64,
        authorName: String,
        authorRole: String,
        isPublic: Bool,
        plainBody: String,
        htmlBody: String,
        createdAt: Int64
    ) {
        self.id = id
        self.authorID = authorID
        self.authorName = authorName
        self.authorRole = authorRole
        self.isPublic = isPublic
        self.plainBody = plainBody
        self.htmlBody = htmlBody
        self.createdAt = createdAt
    }
}
