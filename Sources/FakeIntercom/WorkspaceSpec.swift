/// Parameters of a deterministic generated workspace.
///
/// The same spec always produces the same conversations, byte for byte, on every platform.
public struct WorkspaceSpec: Sendable, Hashable {
    /// Seed of every random choice in the workspace.
    public var seed: UInt64
    /// Number of conversations in the workspace.
    public var conversationCount: Int
    /// Workspace id code, e.g. "abc123de"; reported by `GET /me`.
    public var appID: String
    /// Typical number of parts per conversation. A few conversations have 0 parts, about 1% have
    /// 100–400, and about one in 2,000 (at least one in any workspace of 600 or more) has 520–700.
    public var meanParts: Int
    /// Id of the conversation at index 0; ids are `firstConversationID + index`.
    public var firstConversationID: Int
    /// What the messages are written in.
    public var text: TextMix

    /// The language mix of a workspace's messages.
    public enum TextMix: String, Sendable, Hashable, CaseIterable {
        /// Mostly English, with a few lines in other languages and some emoji: mostly ASCII.
        case mostlyEnglish = "english"
        /// What customers of a global business write: nine in ten conversations in another language
        /// (Japanese, Chinese, Korean, Arabic, Hebrew, Russian, Hindi, Thai, Greek, …, weighted as in
        /// ``Phrasebook/all``), emoji with skin tones and ZWJ sequences, zero-width and bidi characters,
        /// entities, heavy HTML (styled spans, links, images, lists, quotes) and more long messages.
        case realWorld = "real-world"
    }

    /// Creates a spec.
    public init(
        seed: UInt64 = 42,
        conversationCount: Int,
        appID: String = "fakeapp1",
        meanParts: Int = 8,
        firstConversationID: Int = 1_000,
        text: TextMix = .mostlyEnglish
    ) {
        self.seed = seed
        self.conversationCount = conversationCount
        self.appID = appID
        self.meanParts = meanParts
        self.firstConversationID = firstConversationID
        self.text = text
    }

    /// The built-in sample workspace used by `ingest demo` (600 conversations).
    public static let sample = WorkspaceSpec(seed: 42, conversationCount: 600, appID: "demoapp1")
}
