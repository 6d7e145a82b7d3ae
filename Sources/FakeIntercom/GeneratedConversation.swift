public import IngestCore

/// One generated conversation with all its parts.
public struct GeneratedConversation: Sendable {
    /// Numeric string: the workspace's `firstConversationID + index`.
    public let id: String
    /// Position in the default list order (`updated_at` descending, then id descending).
    public let index: Int
    /// Unix seconds; earlier than `updatedAt`.
    public let createdAt: Int64
    /// Unix seconds; strictly decreasing with `index`.
    public let updatedAt: Int64
    /// Often nil, as on real conversations.
    public let title: String?
    /// `open`, `closed` or `snoozed`.
    public let state: String
    /// Subject of the first message (`""` unless it came by email).
    public let sourceSubject: String
    /// HTML body of the first message (not one of the parts).
    public let sourceBodyHTML: String
    /// Author of the first message.
    public let sourceAuthor: GeneratedAuthor
    /// ALL parts, oldest first (the API returns only the newest 500).
    public let parts: [GeneratedPart]
    /// Tag names.
    public let tags: [String]
    /// A phrase (3 words, e.g. "order reference ORD1234K7") that appears in exactly one part of this
    /// conversation and in no other conversation; always among the newest 500 parts. nil when there
    /// are no comment parts with a body.
    public let uniquePartPhrase: String?
    /// Index in `parts` of the part holding `uniquePartPhrase`.
    public let uniquePartIndex: Int?

    let header: ConversationHeader

    init(header: ConversationHeader, parts: [GeneratedPart], phrase: String?, phraseIndex: Int?) {
        self.id = header.id
        self.index = header.index
        self.createdAt = header.createdAt
        self.updatedAt = header.updatedAt
        self.title = header.title
        self.state = header.state
        self.sourceSubject = header.sourceSubject
        self.sourceBodyHTML = header.sourceBodyHTML
        self.sourceAuthor = header.sourceAuthor
        self.parts = parts
        self.tags = header.tags.map(\.name)
        self.uniquePartPhrase = phrase
        self.uniquePartIndex = phraseIndex
        self.header = header
    }

    /// The full JSON object as `GET /conversations/{id}` returns it.
    ///
    /// Holds at most the newest 500 parts (oldest first); `statistics.count_conversation_parts`, when
    /// statistics are present, is the true total.
    public func retrieveJSON() -> [String: JSONValue] {
        retrieveJSON(plainText: false)
    }

    /// The list-item JSON, as in `GET /conversations` (no `conversation_parts` key).
    public func listItemJSON() -> [String: JSONValue] {
        header.listItemJSON(plainText: false)
    }
}
