/// A generated workspace.
///
/// Conversations are produced on demand from (seed, index): nothing is held per conversation, so
/// 100,000 cost no memory. Generating a typical conversation takes microseconds.
public struct Workspace: Sendable {
    /// The parameters this workspace was generated from.
    public let spec: WorkspaceSpec
    let generator: ConversationGenerator

    /// Creates the workspace described by `spec`.
    public init(spec: WorkspaceSpec) {
        self.spec = spec
        self.generator = ConversationGenerator(spec: spec)
    }

    /// Number of conversations (deleted ones included; deletion is a server setting).
    public var count: Int { max(0, spec.conversationCount) }

    /// Conversation at list position `index` (0 = first in the default list order, which is
    /// `updated_at` descending then id descending).
    ///
    /// - Precondition: `0 <= index < count`.
    public func conversation(at index: Int) -> GeneratedConversation {
        precondition(index >= 0 && index < count, "conversation index out of range")
        let header = generator.header(at: index)
        let generated = generator.parts(for: header)
        return GeneratedConversation(
            header: header,
            parts: generated.parts,
            phrase: generated.phrase,
            phraseIndex: generated.phraseIndex
        )
    }

    /// Looks a conversation up by id string; nil if unknown.
    ///
    /// The workspace itself deletes nothing: ``FakeIntercomConfiguration/deletedIDs`` makes the server
    /// hide ids.
    public func conversation(id: String) -> GeneratedConversation? {
        index(ofID: id).map { conversation(at: $0) }
    }

    /// Index of a canonical numeric id (no sign, no leading zeros) within this workspace.
    func index(ofID id: String) -> Int? {
        guard let number = Int(id), String(number) == id else { return nil }
        let (index, overflow) = number.subtractingReportingOverflow(spec.firstConversationID)
        guard !overflow, index >= 0, index < count else { return nil }
        return index
    }

    /// Everything but the parts, for list pages.
    func header(at index: Int) -> ConversationHeader {
        generator.header(at: index)
    }
}
