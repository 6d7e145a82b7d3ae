/// One comment of a generated ticket, written out.
struct GeneratedComment: Sendable {
    /// Who wrote a comment, before it is written.
    enum Author: Sendable, Equatable {
        case requester
        /// Another end-user copied on the ticket.
        case copiedEndUser
        case agent
        case admin
        /// The system author, id -1.
        case system
    }

    struct Attachment: Sendable {
        var id: Int64
        var fileName: String
        var contentType: String
        var size: Int
        var width: Int?
        var height: Int?
        var inline: Bool
    }

    var id: Int64
    var auditID: Int64
    var authorID: Int64
    var authorName: String
    /// "end-user", "agent", "admin" or "system".
    var authorRole: String
    var isPublic: Bool
    var text: RenderedText
    var createdAt: Int64
    var attachments: [Attachment]
    var channel: String
    var client: String
    var ipAddress: String
    var location: Int
}

/// A body rendered both ways once.
struct RenderedText: Sendable {
    var html: String
    var plain: String

    init(_ text: RichText) {
        html = text.html
        plain = text.plain
    }
}
