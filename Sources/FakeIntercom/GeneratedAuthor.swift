/// The author of a conversation's source message or of one of its parts.
public struct GeneratedAuthor: Sendable {
    /// `user`, `lead`, `admin` or `bot`.
    public let type: String
    /// Author id: 24 hex digits for contacts, a numeric string for admins and bots.
    public let id: String
    /// Display name; nil for some anonymous leads.
    public let name: String?
    /// Email address; nil for some anonymous leads.
    public let email: String?
}

extension GeneratedAuthor {
    /// True for contacts (`user` or `lead`), false for teammates (`admin` or `bot`).
    var isContact: Bool { type == "user" || type == "lead" || type == "contact" }
}
